import XCTest

@testable import OpOpNumPy

/// Files exchanged with real NumPy in both directions. Skipped when python3 or NumPy is missing.
final class NumPyInteropTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        try Python.requireNumPy()
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory?.remove()
    }

    /// Arrays whose values Python rebuilds from the same formulas in `expectedArraysPython`.
    private func swiftArrays() -> NPZArchive {
        NPZArchive([
            ("f32", NumPyArray(float32: (0..<12).map { Float($0) * 0.25 - 7 }, shape: [3, 4])),
            ("f32_special", NumPyArray(float32: [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude])),
            ("f64", NumPyArray(float64: (0..<24).map { Double($0) * 0.125 - 100 }, shape: [2, 3, 4])),
            ("f64_pi", NumPyArray(float64: .pi)),
            ("i32", NumPyArray(int32: [Int32.min, -1, 0, 1, Int32.max, 7], shape: [3, 2])),
            ("i64", NumPyArray(int64: [Int64.min, -1, 0, Int64.max])),
            ("i64_scalar", NumPyArray(int64: -42)),
            ("u8", NumPyArray(uint8: Array(0...255), shape: [16, 16])),
            ("b", NumPyArray(bool: (0..<10).map { $0 % 3 == 0 }, shape: [2, 5])),
            ("b_scalar", NumPyArray(bool: true)),
            ("empty", NumPyArray(float32: [], shape: [0, 3])),
            ("large", NumPyArray(float32: (0..<1_000_000).map { Float($0) * 0.5 }, shape: [1000, 1000])),
            ("layer/0.weight", NumPyArray(float32: [1, 2])),
            ("gewicht_ä", NumPyArray(int32: 3)),
        ])
    }

    private let expectedArraysPython = """
        import numpy as np
        f32max = np.finfo(np.float32).max
        f32tiny = np.float32(1e-45)
        expected = {
            'f32': (np.arange(12, dtype=np.float32) * np.float32(0.25) - np.float32(7)).reshape(3, 4),
            'f32_special': np.array([np.nan, np.inf, -np.inf, -0.0, f32tiny, f32max], dtype=np.float32),
            'f64': (np.arange(24, dtype=np.float64) * 0.125 - 100).reshape(2, 3, 4),
            'f64_pi': np.array(np.pi),
            'i32': np.array([-2**31, -1, 0, 1, 2**31 - 1, 7], dtype=np.int32).reshape(3, 2),
            'i64': np.array([-2**63, -1, 0, 2**63 - 1], dtype=np.int64),
            'i64_scalar': np.array(-42, dtype=np.int64),
            'u8': np.arange(256, dtype=np.uint8).reshape(16, 16),
            'b': (np.arange(10) % 3 == 0).reshape(2, 5),
            'b_scalar': np.array(True),
            'empty': np.zeros((0, 3), dtype=np.float32),
            'large': (np.arange(1000000, dtype=np.float32) * np.float32(0.5)).reshape(1000, 1000),
            'layer/0.weight': np.array([1, 2], dtype=np.float32),
            'gewicht_\\u00e4': np.array(3, dtype=np.int32),
        }

        def check(name, got):
            want = expected[name]
            assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
            assert got.shape == want.shape, (name, got.shape, want.shape)
            assert got.tobytes() == want.tobytes(), (name, got, want)
        """

    func testNumPyLoadsSwiftArchive() throws {
        let path = directory.file("swift.npz")
        try NPZ.write(swiftArrays(), to: path)

        let output = try Python.run(
            expectedArraysPython + """

                import sys
                with np.load(sys.argv[1]) as archive:
                    assert archive.files == list(expected), archive.files
                    for name in archive.files:
                        check(name, archive[name])
                print('checked', len(expected))
                """,
            path
        )

        XCTAssertEqual(output, "checked 14\n")
    }

    func testNumPyLoadsSwiftZip64Archive() throws {
        let path = directory.file("swift64.npz")
        try AtomicFile.write(NPZ.encode(swiftArrays(), forceZip64: true), to: path)

        let output = try Python.run(
            expectedArraysPython + """

                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1]) as z:
                    assert z.testzip() is None
                with np.load(sys.argv[1]) as archive:
                    for name in archive.files:
                        check(name, archive[name])
                print('ok')
                """,
            path
        )

        XCTAssertEqual(output, "ok\n")
    }

    func testNumPyLoadsArchiveWithManyMembers() throws {
        var archive = NPZArchive()
        for index in 0..<66_000 {
            archive.set("m\(index)", NumPyArray(int32: Int32(index)))
        }
        let path = directory.file("many.npz")
        try NPZ.write(archive, to: path)

        let output = try Python.run(
            """
            import sys, numpy as np
            with np.load(sys.argv[1]) as archive:
                assert len(archive.files) == 66000, len(archive.files)
                assert archive['m65999'] == 65999
                assert archive['m0'] == 0
            print('ok')
            """,
            path
        )

        XCTAssertEqual(output, "ok\n")
    }

    func testNumPyLoadsSwiftNPYFiles() throws {
        for (name, array) in swiftArrays().entries where !name.contains("/") {
            try NPY.write(array, to: directory.file(name + ".npy"))
        }

        let output = try Python.run(
            expectedArraysPython + """

                import sys, os
                count = 0
                for name in expected:
                    if '/' in name:
                        continue
                    check(name, np.load(os.path.join(sys.argv[1], name + '.npy')))
                    count += 1
                print(count)
                """,
            directory.path
        )

        XCTAssertEqual(output, "13\n")
    }

    func testNPYBytesMatchNumPySave() throws {
        let arrays: [(name: String, array: NumPyArray)] = [
            ("f32", NumPyArray(float32: (0..<12).map { Float($0) * 0.25 - 7 }, shape: [3, 4])),
            ("i64_scalar", NumPyArray(int64: -42)),
            ("u8", NumPyArray(uint8: Array(0...255), shape: [16, 16])),
            ("b", NumPyArray(bool: (0..<10).map { $0 % 3 == 0 }, shape: [2, 5])),
            ("empty", NumPyArray(float32: [], shape: [0, 3])),
        ]
        try Python.run(
            expectedArraysPython + """

                import sys, os
                for name in sys.argv[2:]:
                    np.save(os.path.join(sys.argv[1], name + '.npy'), expected[name])
                """,
            [directory.path] + arrays.map(\.name)
        )

        for (name, array) in arrays {
            XCTAssertEqual(NPY.encode(array), try readBytes(directory.file(name + ".npy")), name)
        }
    }

    func testSwiftReadsSavez() throws {
        let path = directory.file("numpy.npz")
        try Python.run(expectedArraysPython + "\nimport sys\nnp.savez(sys.argv[1], **expected)\n", path)

        let archive = try NPZ.read(path: path)

        XCTAssertEqual(archive, swiftArrays())
    }

    func testSwiftReadsSavezCompressed() throws {
        let path = directory.file("compressed.npz")
        try Python.run(
            expectedArraysPython + """

                import sys
                expected['zeros'] = np.zeros(2_000_000, dtype=np.float64)
                rng = np.random.default_rng(7)
                expected['random'] = rng.integers(0, 2**31, size=(300, 200)).astype(np.int32)
                np.savez_compressed(sys.argv[1], **expected)
                np.save(sys.argv[1] + '.random.npy', expected['random'])
                """,
            path
        )

        let archive = try NPZ.read(path: path)

        var expected = swiftArrays()
        expected.set("zeros", NumPyArray(float64: [Double](repeating: 0, count: 2_000_000)))
        expected.set("random", try NPY.read(path: path + ".random.npy"))
        XCTAssertEqual(archive, expected)
        XCTAssertEqual(try ZipReader(readBytes(path)).entries().map(\.method), [UInt16](repeating: 8, count: 16))
    }

    func testSwiftReadsNPYFormatVersions() throws {
        let output = try Python.run(
            """
            import sys, os
            import numpy as np
            from numpy.lib import format
            array = np.arange(24, dtype=np.int64).reshape(2, 3, 4) * 3 - 5
            for version in [(1, 0), (2, 0), (3, 0)]:
                with open(os.path.join(sys.argv[1], 'v%d.npy' % version[0]), 'wb') as f:
                    format.write_array(f, array, version=version)
            np.save(os.path.join(sys.argv[1], 'fortran.npy'), np.asfortranarray(array))
            np.save(os.path.join(sys.argv[1], 'fortran_f4.npy'), np.asfortranarray(array.astype(np.float32).T))
            print(np.isfortran(np.load(os.path.join(sys.argv[1], 'fortran.npy'))))
            """,
            directory.path
        )
        XCTAssertEqual(output, "True\n")

        let expected = NumPyArray(int64: (0..<24).map { Int64($0) * 3 - 5 }, shape: [2, 3, 4])
        for name in ["v1", "v2", "v3", "fortran"] {
            XCTAssertEqual(try NPY.read(path: directory.file(name + ".npy")), expected, name)
        }

        // The transpose of the (2, 3, 4) array: element [k, j, i] is original [i, j, k].
        var transposed: [Float] = []
        for k in 0..<4 {
            for j in 0..<3 {
                for i in 0..<2 {
                    transposed.append(Float((i * 12 + j * 4 + k) * 3 - 5))
                }
            }
        }
        XCTAssertEqual(try NPY.read(path: directory.file("fortran_f4.npy")), NumPyArray(float32: transposed, shape: [4, 3, 2]))
    }

    func testSwiftReadsStreamedZipWithDataDescriptors() throws {
        let path = directory.file("streamed.npz")
        try Python.run(
            """
            import sys, io, zipfile
            import numpy as np

            class Unseekable(io.RawIOBase):
                def __init__(self, f): self.f = f
                def writable(self): return True
                def write(self, b): return self.f.write(b)

            with open(sys.argv[1], 'wb') as raw:
                with zipfile.ZipFile(Unseekable(raw), 'w', compression=zipfile.ZIP_DEFLATED) as z:
                    for name, value in [('a', np.arange(5, dtype=np.float32)), ('b', np.array(True))]:
                        buffer = io.BytesIO()
                        np.save(buffer, value)
                        with z.open(name + '.npy', 'w') as member:
                            member.write(buffer.getvalue())
            """,
            path
        )

        let entries = try ZipReader(readBytes(path)).entries()
        XCTAssertEqual(entries.map { $0.flags & 0x0008 }, [0x0008, 0x0008], "the script should have written data descriptors")
        let archive = try NPZ.read(path: path)
        XCTAssertEqual(archive, NPZArchive([("a", NumPyArray(float32: [0, 1, 2, 3, 4])), ("b", NumPyArray(bool: true))]))
    }

    func testSwiftRejectsPickledObjectArray() throws {
        let npyPath = directory.file("objects.npy")
        let npzPath = directory.file("objects.npz")
        try Python.run(
            """
            import sys
            import numpy as np
            np.save(sys.argv[1], np.array([{}], dtype=object), allow_pickle=True)
            np.savez(sys.argv[2], ok=np.arange(3), objects=np.array([{}, 'x'], dtype=object))
            """,
            npyPath,
            npzPath
        )

        XCTAssertThrowsError(try NPY.read(path: npyPath)) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .objectArray)
            XCTAssertEqual(error.path, npyPath)
            XCTAssertTrue(error.description.contains("pickled Python objects"), error.description)
            XCTAssertTrue(error.description.contains("can run arbitrary code"), error.description)
        }
        XCTAssertThrowsError(try NPZ.read(path: npzPath)) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .objectArray)
            XCTAssertEqual(error.member, "objects.npy")
            XCTAssertTrue(error.description.hasPrefix("member 'objects.npy' of file '\(npzPath)': "), error.description)
        }
    }

    func testSwiftRejectsBigEndianFromNumPy() throws {
        let path = directory.file("big.npy")
        try Python.run("import sys, numpy as np\nnp.save(sys.argv[1], np.arange(4, dtype='>f4'))", path)

        XCTAssertThrowsError(try NPY.read(path: path)) { error in
            XCTAssertEqual((error as! NumPyFormatError).kind, .bigEndian)
            XCTAssertTrue("\(error)".contains("'>f4'"), "\(error)")
        }
    }

    func testSwiftRejectsUnsupportedDTypeFromNumPy() throws {
        let path = directory.file("half.npz")
        try Python.run("import sys, numpy as np\nnp.savez(sys.argv[1], h=np.ones(3, dtype=np.float16))", path)

        XCTAssertThrowsError(try NPZ.read(path: path)) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .unsupportedDType)
            XCTAssertEqual(error.member, "h.npy")
            XCTAssertTrue(error.description.contains("'<f2'"), error.description)
        }
    }

    func testSwiftRejectsOtherCompressionMethods() throws {
        for (method, label) in [("ZIP_BZIP2", "bzip2"), ("ZIP_LZMA", "LZMA")] {
            let path = directory.file("\(label).npz")
            try Python.run(
                """
                import sys, io, zipfile
                import numpy as np
                buffer = io.BytesIO()
                np.save(buffer, np.arange(3))
                with zipfile.ZipFile(sys.argv[1], 'w', compression=zipfile.\(method)) as z:
                    z.writestr('x.npy', buffer.getvalue())
                """,
                path
            )

            XCTAssertThrowsError(try NPZ.read(path: path), label) { error in
                let error = error as! NumPyFormatError
                XCTAssertEqual(error.kind, .unsupportedCompression, "\(error)")
                XCTAssertEqual(error.member, "x.npy")
                XCTAssertTrue(error.description.contains("(\(label))"), error.description)
            }
        }
    }

    func testCorruptedCompressedArchiveNeverCrashes() throws {
        let path = directory.file("small.npz")
        try Python.run(
            "import sys, numpy as np\nnp.savez_compressed(sys.argv[1], a=np.arange(40, dtype=np.int32) % 7, b=np.eye(3))",
            path
        )
        let bytes = try readBytes(path)
        let original = try NPZ.decode(bytes)
        XCTAssertEqual(original["a"], NumPyArray(int32: (0..<40).map { Int32($0 % 7) }))

        for offset in 0..<bytes.count {
            var corrupted = bytes
            corrupted[offset] ^= 0x5A
            if let decoded = try? NPZ.decode(corrupted) {
                XCTAssertEqual(decoded, original, "offset \(offset)")
            }
        }
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try NPZ.decode(Array(bytes.prefix(length))), "length \(length)")
        }
    }

    func testCodePage437NamesMatchNumPyKeys() throws {
        let path = directory.file("cp437.npz")
        let bytes = NPZFormatTests.archiveWithRawName(Array("caf".utf8) + [0x82] + Array(".npy".utf8), data: NPY.encode(NumPyArray(int32: 1)))
        try writeBytes(bytes, to: path)

        let output = try Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]).files[0].encode('utf-8').hex())", path)

        XCTAssertEqual(try NPZ.read(path: path).names, ["café"])
        XCTAssertEqual(output, Array("café".utf8).map { String(format: "%02x", $0) }.joined() + "\n")
    }

    func testPythonZipfileAcceptsSwiftArchive() throws {
        let path = directory.file("check.npz")
        try NPZ.write(swiftArrays(), to: path)

        let output = try Python.run(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                infos = z.infolist()
                assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
                assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
                print(' '.join(i.filename for i in infos))
            """,
            path
        )

        XCTAssertEqual(output, swiftArrays().names.map { $0 + ".npy" }.joined(separator: " ") + "\n")
    }
}
