/// The ZIP64 extended-information extra field (ID 0x0001), which carries the 64-bit
/// values of header fields that hold their sentinel.
struct Zip64Extra {
    var uncompressedSize: UInt64
    var compressedSize: UInt64
    var localHeaderOffset: UInt64
    var diskStart: UInt32

    /// Resolves the header fields against `extra`, the header's extra-field block.
    ///
    /// The ZIP64 field lists only the values whose header field is the sentinel, in the
    /// fixed order uncompressed size, compressed size, local header offset, disk. A field
    /// at the sentinel with no ZIP64 field keeps the sentinel as its value, as Python's
    /// `zipfile` does.
    static func parse(
        _ extra: ArraySlice<UInt8>,
        uncompressedSize: UInt32,
        compressedSize: UInt32,
        localHeaderOffset: UInt32,
        diskStart: UInt16
    ) throws(NumPyFormatError) -> Zip64Extra {
        var result = Zip64Extra(
            uncompressedSize: UInt64(uncompressedSize),
            compressedSize: UInt64(compressedSize),
            localHeaderOffset: UInt64(localHeaderOffset),
            diskStart: UInt32(diskStart)
        )

        let view = ByteView(bytes: Array(extra))
        var offset = 0
        // Fewer than four trailing bytes cannot start a field; some writers pad with them.
        while offset + 4 <= view.count {
            let id = view.uint16(at: offset)!
            let size = Int(view.uint16(at: offset + 2)!)
            guard let data = view.slice(at: offset + 4, count: size) else {
                throw corrupt("extra field \(hexID(id)) declares \(size) bytes but only \(view.count - offset - 4) remain")
            }

            if id == ZipFormat.zip64ExtraID {
                try result.resolve(from: ByteView(bytes: Array(data)), headerFields: (uncompressedSize, compressedSize, localHeaderOffset, diskStart))
            }
            offset += 4 + size
        }
        return result
    }

    private mutating func resolve(from data: ByteView, headerFields header: (UInt32, UInt32, UInt32, UInt16)) throws(NumPyFormatError) {
        var cursor = 0

        func next64(_ field: String) throws(NumPyFormatError) -> UInt64 {
            guard let value = data.uint64(at: cursor) else {
                throw Zip64Extra.corrupt("the ZIP64 extra field (\(data.count) bytes) is too short to hold the \(field)")
            }
            cursor += 8
            return value
        }

        if header.0 == ZipFormat.sentinel32 {
            uncompressedSize = try next64("uncompressed size")
        }
        if header.1 == ZipFormat.sentinel32 {
            compressedSize = try next64("compressed size")
        }
        if header.2 == ZipFormat.sentinel32 {
            localHeaderOffset = try next64("local header offset")
        }
        if header.3 == ZipFormat.sentinel16 {
            guard let disk = data.uint32(at: cursor) else {
                throw Zip64Extra.corrupt("the ZIP64 extra field (\(data.count) bytes) is too short to hold the disk number")
            }
            diskStart = disk
        }
    }

    private static func hexID(_ id: UInt16) -> String {
        let digits = String(id, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    private static func corrupt(_ reason: String) -> NumPyFormatError {
        NumPyFormatError(.corruptArchive, "invalid ZIP archive: \(reason)", fix: "the archive is corrupt; write it again")
    }
}

/// Decoding of member names: UTF-8 when the header sets the UTF-8 flag (bit 11), code page 437 otherwise.
enum MemberName {
    static func decode(_ raw: ArraySlice<UInt8>, flags: UInt16) throws(NumPyFormatError) -> String {
        if flags & ZipFormat.flagUTF8Name == 0 {
            return CodePage437.decode(raw)
        }

        guard let name = String(validating: raw, as: UTF8.self) else {
            throw NumPyFormatError(
                .invalidMemberName,
                "member name \(HeaderText.quote(raw)) is flagged as UTF-8 but is not valid UTF-8",
                fix: "the archive is corrupt; write it again"
            )
        }
        return name
    }
}
