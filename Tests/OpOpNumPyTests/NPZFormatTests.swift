import XCTest

@testable import OpOpNumPy

final class NPZFormatTests: XCTestCase {
    private func sampleArchive() -> NPZArchive {
        NPZArchive([
            ("weights", NumPyArray(float32: [1, -2, 3.5, 0.25, 8, -0.0], shape: [2, 3])),
            ("step", NumPyArray(int64: 1234)),
            ("mask", NumPyArray(bool: [true, false, true])),
            ("empty", NumPyArray(float64: [], shape: [0, 4])),
        ])
    }

    func testRoundTripKeepsNamesOrderAndValues() throws {
        let archive = sampleArchive()

        let decoded = try NPZ.decode(NPZ.encode(archive))

        XCTAssertEqual(decoded.names, ["weights", "step", "mask", "empty"])
        XCTAssertEqual(decoded, archive)
    }

    func testEmptyArchiveRoundTrips() throws {
        let bytes = NPZ.encode(NPZArchive())

        XCTAssertEqual(bytes.count, 22)
        XCTAssertEqual(try NPZ.decode(bytes), NPZArchive())
    }

    func testEncodingIsReproducible() {
        XCTAssertEqual(NPZ.encode(sampleArchive()), NPZ.encode(sampleArchive()))
    }

    func testMembersAreStoredWithFixedTimestamp() throws {
        let bytes = NPZ.encode(sampleArchive())
        let reader = ZipReader(bytes)

        for entry in try reader.entries() {
            let local = entry.localHeaderOffset
            XCTAssertEqual(entry.method, 0, entry.name)
            XCTAssertEqual(Array(bytes[(local + 10)..<(local + 14)]), [0, 0, 0x21, 0], entry.name)
            XCTAssertTrue(entry.name.hasSuffix(".npy"))
        }
    }

    func testForcedZip64RoundTrips() throws {
        let archive = sampleArchive()
        let bytes = NPZ.encode(archive, forceZip64: true)

        XCTAssertTrue(endsWithZip64Records(bytes))
        XCTAssertEqual(try NPZ.decode(bytes), archive)
    }

    func testManyMembersUseZip64EndRecord() throws {
        var archive = NPZArchive()
        for index in 0..<70_000 {
            archive.set("a\(index)", NumPyArray(uint8: UInt8(index % 256)))
        }

        let bytes = NPZ.encode(archive)

        XCTAssertTrue(endsWithZip64Records(bytes))
        let decoded = try NPZ.decode(bytes)
        XCTAssertEqual(decoded.entries.count, 70_000)
        XCTAssertEqual(decoded["a69999"], NumPyArray(uint8: UInt8(69_999 % 256)))
        XCTAssertEqual(decoded, archive)
    }

    func testNonASCIINamesSetUTF8Flag() throws {
        let archive = NPZArchive([("gewicht_ä", NumPyArray(int32: 1)), ("plain", NumPyArray(int32: 2))])
        let bytes = NPZ.encode(archive)

        let entries = try ZipReader(bytes).entries()
        XCTAssertEqual(entries[0].flags & 0x0800, 0x0800)
        XCTAssertEqual(entries[1].flags & 0x0800, 0)
        XCTAssertEqual(try NPZ.decode(bytes), archive)
    }

    func testNamesWithoutUTF8FlagDecodeAsCodePage437() throws {
        // Byte 0x82 is "é" in code page 437 and not valid UTF-8 on its own.
        let bytes = Self.archiveWithRawName(Array("caf".utf8) + [0x82] + Array(".npy".utf8), data: NPY.encode(NumPyArray(int32: 1)))

        let archive = try NPZ.decode(bytes)

        XCTAssertEqual(archive.names, ["café"])
        XCTAssertEqual(CodePage437.decode(0x80...0xFF).count, 128)
        XCTAssertEqual(CodePage437.decode([0x41, 0xE1, 0xFF]), "Aß\u{00A0}")
    }

    func testReadsDeflatedMembers() throws {
        var builder = TestZipBuilder()
        let large = NumPyArray(float32: (0..<40_000).map { Float($0) }, shape: [200, 200])
        builder.addDeflated("large.npy", NPY.encode(large))
        builder.addDeflated("small.npy", NPY.encode(NumPyArray(int64: 9)))
        builder.addStored("plain.npy", NPY.encode(NumPyArray(bool: [true])))

        let archive = try NPZ.decode(builder.build())

        XCTAssertEqual(archive.names, ["large", "small", "plain"])
        XCTAssertEqual(archive["large"], large)
        XCTAssertEqual(archive["small"], NumPyArray(int64: 9))
    }

    func testReadsDataDescriptorMembers() throws {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: [1, 2])))
        builder.addDeflated("b.npy", NPY.encode(NumPyArray(int32: [3])))
        builder.members[0].flags |= 0x0008
        builder.members[1].flags |= 0x0008

        let archive = try NPZ.decode(builder.build())

        XCTAssertEqual(archive["a"], NumPyArray(int32: [1, 2]))
        XCTAssertEqual(archive["b"], NumPyArray(int32: [3]))
    }

    // MARK: - Invalid archives

    func testRejectsEmptyData() {
        assertError([], .notZip, mentions: "empty")
    }

    func testRejectsRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 21, 22, 100, 5000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertThrowsError(try NPZ.decode(bytes), "length \(length)") { error in
                XCTAssertEqual((error as! NumPyFormatError).kind, .notZip, "\(error)")
            }
        }
    }

    func testRejectsNPYPassedAsNPZ() {
        assertError(NPY.encode(NumPyArray(int32: [1])), .notZip, mentions: "a single .npy array, not a .npz archive")
        assertError(Array("plain text, long enough to hold an end record".utf8), .notZip, mentions: "not a ZIP archive")
    }

    func testTruncatedArchiveSaysTruncated() {
        let bytes = NPZ.encode(sampleArchive())

        assertError(Array(bytes.dropLast(10)), .truncated, mentions: "truncated")
    }

    func testRejectsEveryTruncation() {
        let bytes = NPZ.encode(NPZArchive([("a", NumPyArray(int32: [1, 2])), ("b", NumPyArray(bool: true))]))

        for length in 0..<bytes.count {
            XCTAssertThrowsError(try NPZ.decode(Array(bytes.prefix(length))), "length \(length)")
        }
    }

    func testFlippedByteIsErrorOrHarmless() throws {
        for forceZip64 in [false, true] {
            let archive = NPZArchive([("a", NumPyArray(int32: [1, 2])), ("b", NumPyArray(bool: true))])
            let bytes = NPZ.encode(archive, forceZip64: forceZip64)

            for offset in 0..<bytes.count {
                for mask: UInt8 in [0x01, 0x80, 0xFF] {
                    var corrupted = bytes
                    corrupted[offset] ^= mask
                    // A flip may hit a field the reader does not need (a timestamp, the version
                    // that made the archive), but it must never yield different arrays.
                    if let decoded = try? NPZ.decode(corrupted) {
                        XCTAssertEqual(decoded, archive, "offset \(offset) mask \(mask) zip64 \(forceZip64)")
                    }
                }
            }
        }
    }

    func testFlippedDataByteIsChecksumError() throws {
        var bytes = NPZ.encode(NPZArchive([("a", NumPyArray(float64: [1, 2, 3]))]))
        // The last data byte sits just before the central directory.
        let entries = try ZipReader(bytes).entries()
        let dataEnd = entries[0].localHeaderOffset + 30 + entries[0].rawName.count + entries[0].compressedSize
        bytes[dataEnd - 1] ^= 0x40

        assertError(bytes, .checksumMismatch, mentions: "CRC-32 mismatch", member: "a.npy")
    }

    func testRejectsWrongCRC() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 7)))
        builder.members[0].crc32 ^= 1

        assertError(builder.build(), .checksumMismatch, mentions: "CRC-32", member: "a.npy")
    }

    func testRejectsDuplicateNames() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 2)))

        assertError(builder.build(), .duplicateMember, mentions: "more than one member", member: "a.npy")
    }

    func testRejectsEncryptedMember() {
        var builder = TestZipBuilder()
        builder.addStored("secret.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.members[0].flags |= 0x0001

        assertError(builder.build(), .encryptedMember, mentions: "encrypted", member: "secret.npy")
    }

    func testRejectsAESMember() {
        var builder = TestZipBuilder()
        builder.addStored("secret.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.members[0].method = 99

        assertError(builder.build(), .encryptedMember, mentions: "encrypted", member: "secret.npy")
    }

    func testRejectsUnknownCompression() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.members[0].method = 12

        assertError(builder.build(), .unsupportedCompression, mentions: "method 12 (bzip2)", member: "a.npy")
    }

    func testRejectsMemberNotEndingInNPY() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.addStored("readme.txt", Array("hello".utf8))

        assertError(builder.build(), .invalidMemberName, mentions: "does not end in '.npy'", member: "readme.txt")
    }

    func testRejectsNULInMemberName() {
        var builder = TestZipBuilder()
        builder.addStored("a\u{0}b.npy", NPY.encode(NumPyArray(int32: 1)))

        assertError(builder.build(), .invalidMemberName, mentions: "NUL")
    }

    func testRejectsInvalidUTF8Name() {
        var builder = TestZipBuilder()
        builder.addStored("x.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.members[0].flags |= 0x0800
        var bytes = builder.build()
        // Both copies of the name become "\xFF.npy", invalid UTF-8.
        for index in bytes.indices where bytes[index] == UInt8(ascii: "x") {
            bytes[index] = 0xFF
        }

        assertError(bytes, .invalidMemberName, mentions: "not valid UTF-8")
    }

    func testNPYErrorNamesMember() {
        var builder = TestZipBuilder()
        builder.addStored("ok.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.addStored("objects.npy", makeNPY(header: "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: [0x80]))

        assertError(builder.build(), .objectArray, mentions: "pickle", member: "objects.npy")
    }

    func testRejectsCorruptDeflate() {
        let payload = NPY.encode(NumPyArray(int32: [1, 2, 3]))
        let cases: [(id: String, edit: (inout TestZipBuilder.Member) -> Void, mentions: String)] = [
            ("reserved block type", { $0.payload[0] = 0x07 }, "invalid deflate data"),
            ("cut short", { $0.payload.removeLast(5) }, "ends early"),
            ("trailing bytes", { $0.payload += [0, 0] }, "follow the end of the deflate stream"),
            ("declared too small", { $0.uncompressedSize -= 1 }, "inflates to 140 bytes but the archive declares 139"),
            ("declared too large", { $0.uncompressedSize += 1 }, "declares"),
            ("bad stored length", { $0.payload[3] ^= 0xFF }, "invalid deflate data"),
        ]

        for (id, edit, mentions) in cases {
            var builder = TestZipBuilder()
            builder.addDeflated("a.npy", payload)
            edit(&builder.members[0])
            assertError(builder.build(), .corruptDeflate, mentions: mentions, member: "a.npy", id)
        }
    }

    func testRejectsStoredSizeMismatch() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.members[0].uncompressedSize += 1

        assertError(builder.build(), .corruptArchive, mentions: "stored member", member: "a.npy")
    }

    func testRejectsMultiDiskArchive() {
        var bytes = NPZ.encode(NPZArchive([("a", NumPyArray(int32: 1))]))
        bytes[bytes.count - 22 + 4] = 1

        assertError(bytes, .multiDiskArchive, mentions: "several disks")
    }

    func testRejectsOverlappingMembers() {
        var builder = TestZipBuilder()
        builder.addStored("a.npy", NPY.encode(NumPyArray(int32: 1)))
        builder.addStored("b.npy", NPY.encode(NumPyArray(int32: 2)))
        var bytes = builder.build()
        // Point the second central entry at the first local header.
        let second = findSignature(0x0201_4B50, in: bytes, after: findSignature(0x0201_4B50, in: bytes)! + 1)!
        bytes[second + 42] = 0
        bytes[second + 43] = 0

        XCTAssertThrowsError(try NPZ.decode(bytes)) { error in
            XCTAssertEqual((error as! NumPyFormatError).kind, .corruptArchive, "\(error)")
        }
    }

    func testZipBombIsBoundedByDeclaredSize() {
        // 64 KiB of zeros in stored blocks claims to be 10 bytes: inflation must stop at 11.
        var builder = TestZipBuilder()
        builder.addDeflated("a.npy", [UInt8](repeating: 0, count: 1 << 16))
        builder.members[0].uncompressedSize = 10

        assertError(builder.build(), .corruptDeflate, mentions: "more than the declared 10 bytes", member: "a.npy")
    }

    // MARK: - Helpers

    /// Returns a one-member archive whose name is `rawName` byte for byte, without the UTF-8 flag.
    static func archiveWithRawName(_ rawName: [UInt8], data: [UInt8]) -> [UInt8] {
        let placeholder = String(repeating: "q", count: rawName.count)
        var builder = TestZipBuilder()
        builder.addStored(placeholder, data)
        var bytes = builder.build()

        // The placeholder appears twice: in the local header and in the central directory.
        let pattern = Array(placeholder.utf8)
        var index = 0
        while index + pattern.count <= bytes.count {
            if Array(bytes[index..<(index + pattern.count)]) == pattern {
                bytes.replaceSubrange(index..<(index + pattern.count), with: rawName)
                index += pattern.count
            } else {
                index += 1
            }
        }
        return bytes
    }

    /// Returns whether a ZIP64 locator and the ZIP64 end record it points to precede the end record.
    private func endsWithZip64Records(_ bytes: [UInt8]) -> Bool {
        let view = ByteView(bytes: bytes)
        let locator = bytes.count - 22 - 20
        guard view.uint32(at: locator) == 0x0706_4B50, let record = view.uint64(at: locator + 8) else {
            return false
        }
        return view.uint32(at: Int(record)) == 0x0606_4B50
    }

    private func findSignature(_ signature: UInt32, in bytes: [UInt8], after start: Int = 0) -> Int? {
        let view = ByteView(bytes: bytes)
        return (start..<max(start, bytes.count - 3)).first { view.uint32(at: $0) == signature }
    }

    private func assertError(
        _ bytes: [UInt8],
        _ kind: NumPyFormatError.Kind,
        mentions text: String,
        member: String? = nil,
        _ id: String = "",
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertThrowsError(try NPZ.decode(bytes), id, file: file, line: line) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, kind, "\(id): \(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(text), "\(id): '\(error)' lacks '\(text)'", file: file, line: line)
            if let member {
                XCTAssertEqual(error.member, member, id, file: file, line: line)
                XCTAssertTrue(error.description.hasPrefix("member '\(member)'"), "\(id): \(error)", file: file, line: line)
            }
        }
    }
}
