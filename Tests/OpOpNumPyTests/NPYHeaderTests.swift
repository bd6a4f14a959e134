import XCTest

@testable import OpOpNumPy

final class NPYHeaderTests: XCTestCase {
    /// Headers NumPy or hand-written files may contain, each with four float32 ones as data.
    func testAcceptsHeaderVariants() throws {
        let cases: [(id: String, header: String, shape: [Int])] = [
            ("numpy layout", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", [4]),
            ("keys reordered", "{'shape': (2, 2), 'fortran_order': False, 'descr': '<f4'}", [2, 2]),
            ("no spaces", "{'descr':'<f4','fortran_order':False,'shape':(4,)}", [4]),
            ("extra whitespace", "{ 'descr' :\t'<f4' ,\n 'fortran_order' : False , 'shape' : ( 1 , 4 , ) , }", [1, 4]),
            ("double quotes", "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (4, 1)}", [4, 1]),
            ("native order", "{'descr': '=f4', 'fortran_order': False, 'shape': (4,), }", [4]),
            ("no-order marker", "{'descr': '|f4', 'fortran_order': False, 'shape': (4,), }", [4]),
            ("python 2 long", "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 2L), }", [2, 2]),
            ("explicit plus", "{'descr': '<f4', 'fortran_order': False, 'shape': (+4,), }", [4]),
        ]

        // Four float32 ones, little-endian.
        let ones = [UInt8]([0, 0, 0x80, 0x3F] + [0, 0, 0x80, 0x3F] + [0, 0, 0x80, 0x3F] + [0, 0, 0x80, 0x3F])
        for (id, header, shape) in cases {
            let array = try XCTUnwrap(try? NPY.decode(makeNPY(header: header, data: ones)), id)
            XCTAssertEqual(array.shape, shape, id)
            XCTAssertEqual(array.float32Values, [1, 1, 1, 1], id)
        }
    }

    func testAcceptsScalarHeader() throws {
        let bytes = makeNPY(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (), }", data: [5, 0, 0, 0, 0, 0, 0, 0])

        let array = try NPY.decode(bytes)

        XCTAssertEqual(array.shape, [])
        XCTAssertEqual(array.int64Values, [5])
    }

    func testAcceptsFormatVersions() throws {
        for version: (UInt8, UInt8) in [(1, 0), (2, 0), (3, 0)] {
            let bytes = makeNPY(header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", data: [1, 2], version: version)
            XCTAssertEqual(try NPY.decode(bytes).uint8Values, [1, 2], "version \(version)")
        }
    }

    func testRejectsOtherFormatVersions() {
        for version: (UInt8, UInt8) in [(0, 9), (1, 1), (4, 0), (255, 0)] {
            let bytes = makeNPY(header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", data: [1, 2], version: version)
            assertError(bytes, .unsupportedVersion, mentions: "\(version.0).\(version.1)")
        }
    }

    func testRejectsInvalidHeaders() {
        let cases: [(id: String, header: String, mentions: String)] = [
            ("garbage", "hello world", "expected a string"),
            ("not a dictionary", "['descr', '<f4']", "not a dictionary"),
            ("missing descr", "{'fortran_order': False, 'shape': (2,)}", "no 'descr' key"),
            ("missing shape", "{'descr': '<f4', 'fortran_order': False}", "no 'shape' key"),
            ("missing order", "{'descr': '<f4', 'shape': (2,)}", "no 'fortran_order' key"),
            ("extra key", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'owner': 'me'}", "unexpected key 'owner'"),
            ("repeated key", "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", "key 'descr' twice"),
            ("shape without comma", "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", "'shape' is 2, not a tuple"),
            ("shape as list", "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "'shape' is [2], not a tuple"),
            ("shape with string", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'x')}", "non-integer item 'x'"),
            ("order as int", "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' is 0"),
            ("descr as int", "{'descr': 4, 'fortran_order': False, 'shape': (2,)}", "'descr' is 4"),
            ("quote missing", "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "expected ','"),
            ("unclosed string", "{'descr': '<f4}", "a string is not closed"),
            ("unclosed dictionary", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "expected ','"),
            ("text after", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "unexpected text after"),
            ("huge integer", "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "does not fit in 64 bits"),
            ("lone sign", "{'descr': '<f4', 'fortran_order': False, 'shape': (-,)}", "sign is not followed by digits"),
            ("misspelled keyword", "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (2,)}", "expected a string"),
            ("deep nesting", "{'descr': '<f4', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 100) + "}", "nested more than 32"),
            ("empty header", "", "ends where a value should start"),
        ]

        for (id, header, mentions) in cases {
            let bytes = makeNPY(header: header, data: [0, 0, 0, 0, 0, 0, 0, 0])
            assertError(bytes, .invalidHeader, mentions: mentions, id)
        }
    }

    func testRejectsBinaryGarbageHeader() {
        var bytes = makeNPY(header: String(repeating: "x", count: 50), data: [])
        for index in 10..<60 {
            bytes[index] = UInt8(truncatingIfNeeded: index * 37 + 200)
        }

        assertError(bytes, .invalidHeader, mentions: "\\x")
    }

    func testDescrTable() {
        let accepted: [(String, NumPyDType)] = [
            ("<f4", .float32), ("=f4", .float32), ("<f8", .float64), ("<i4", .int32), ("<i8", .int64),
            ("|u1", .uint8), ("<u1", .uint8), (">u1", .uint8), ("|b1", .bool), (">b1", .bool),
        ]
        for (descr, dtype) in accepted {
            XCTAssertEqual(try DescrParser.dtype(from: descr), dtype, descr)
        }

        let rejected: [(String, NumPyFormatError.Kind)] = [
            (">f4", .bigEndian), (">f8", .bigEndian), (">i4", .bigEndian), (">i8", .bigEndian),
            ("|O", .objectArray), ("O", .objectArray), ("|O8", .objectArray),
            ("<f2", .unsupportedDType), ("<u4", .unsupportedDType), ("<i2", .unsupportedDType),
            ("<c8", .unsupportedDType), ("<U3", .unsupportedDType), ("|S5", .unsupportedDType),
            ("|V8", .unsupportedDType), ("<M8[ns]", .unsupportedDType), ("", .unsupportedDType),
        ]
        for (descr, kind) in rejected {
            XCTAssertThrowsError(try DescrParser.dtype(from: descr), descr) { error in
                let error = error as! NumPyFormatError
                XCTAssertEqual(error.kind, kind, descr)
                XCTAssertTrue(error.description.contains("'\(descr)'"), error.description)
            }
        }
    }

    func testBigEndianMessageExplainsFix() {
        let bytes = makeNPY(header: "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", data: [0x3F, 0xF0, 0, 0, 0, 0, 0, 0])

        assertError(bytes, .bigEndian, mentions: "astype('<f8')")
    }

    func testObjectArrayMessageMentionsPickle() {
        let bytes = makeNPY(header: "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: Array("\u{80}\u{04}".utf8))

        assertError(bytes, .objectArray, mentions: "loading a pickle can run arbitrary code")
    }

    func testRejectsStructuredDTypes() {
        let plain = makeNPY(header: "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8))
        assertError(plain, .unsupportedDType, mentions: "structured dtype")

        let withObject = makeNPY(header: "{'descr': [('x', '<f4'), ('y', '|O')], 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 12))
        assertError(withObject, .objectArray, mentions: "pickle")
    }

    func testRejectsWrongMagic() {
        var bytes = NPY.encode(NumPyArray(int32: [1]))
        bytes[1] = UInt8(ascii: "n")

        assertError(bytes, .notNPY, mentions: "magic string")
        assertError(Array("PK\u{3}\u{4}rest".utf8), .notNPY, mentions: "PK")
        assertError([], .notNPY, mentions: "0 bytes")
        assertError([0x93, 0x4E, 0x55], .truncated, mentions: "needs at least 6 bytes, has 3")
    }

    func testRejectsTruncatedData() {
        let bytes = NPY.encode(NumPyArray(float32: Array(repeating: 2, count: 12), shape: [3, 4]))

        assertError(Array(bytes.dropLast(8)), .dataSizeMismatch, mentions: "needs 48 data bytes but the file has 40")
    }

    func testRejectsExtraData() {
        let bytes = NPY.encode(NumPyArray(int64: [1, 2]))

        assertError(bytes + [0], .dataSizeMismatch, mentions: "needs 16 data bytes but the file has 17")
    }

    func testRejectsEveryTruncation() {
        let bytes = NPY.encode(NumPyArray(int32: [1, 2, 3, 4, 5, 6], shape: [2, 3]))

        for length in 0..<bytes.count {
            XCTAssertThrowsError(try NPY.decode(Array(bytes.prefix(length))), "length \(length)")
        }
    }

    func testRejectsOverflowingShapeProduct() {
        let elements = makeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", data: [])
        assertError(elements, .invalidShape, mentions: "more elements than")

        let bytes = makeNPY(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976, 2), }", data: [])
        assertError(bytes, .invalidShape, mentions: "needs more than")
    }

    func testRejectsNegativeAxis() {
        let bytes = makeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", data: [])

        assertError(bytes, .invalidShape, mentions: "negative length -3 on axis 1")
    }

    func testRejectsBoolBytesOtherThanZeroAndOne() {
        let bytes = makeNPY(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", data: [1, 0, 2])

        assertError(bytes, .invalidBool, mentions: "bool element 2 has the byte value 2")
    }

    func testRejectsHeaderLengthPastEnd() {
        var bytes = NPY.encode(NumPyArray(int32: [1]))
        bytes[8] = 0xFF
        bytes[9] = 0xFF

        assertError(bytes, .truncated, mentions: "65535-byte header")
    }

    private func assertError(
        _ bytes: [UInt8],
        _ kind: NumPyFormatError.Kind,
        mentions text: String,
        _ id: String = "",
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(try NPY.decode(bytes), id, file: file, line: line) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, kind, "\(id): \(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(text), "\(id): '\(error)' lacks '\(text)'", file: file, line: line)
        }
    }
}
