/// A deliberately simple ZIP writer for tests, separate from the module's `ZipWriter`,
/// that can produce what that writer never does: deflated members, duplicate names,
/// encryption flags, unknown methods, wrong CRCs and data descriptors.
struct TestZipBuilder {
    struct Member {
        var name: String
        /// The bytes as they sit in the archive (already compressed when `method` is 8).
        var payload: [UInt8]
        var method: UInt16 = 0
        var flags: UInt16 = 0
        /// CRC-32 and size of the uncompressed data, as the headers record them.
        var crc32: UInt32
        var uncompressedSize: Int
    }

    var members: [Member] = []

    /// Adds a stored member with a correct CRC.
    mutating func addStored(_ name: String, _ data: [UInt8]) {
        members.append(Member(name: name, payload: data, crc32: referenceCRC32(data), uncompressedSize: data.count))
    }

    /// Adds a deflated member whose payload is `data` in deflate stored blocks (BTYPE 00),
    /// which is valid deflate that needs no compressor to produce.
    mutating func addDeflated(_ name: String, _ data: [UInt8]) {
        members.append(
            Member(name: name, payload: storedBlockDeflate(data), method: 8, crc32: referenceCRC32(data), uncompressedSize: data.count)
        )
    }

    func build() -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []

        for member in members {
            let offset = output.count
            let name = Array(member.name.utf8)
            let usesDescriptor = member.flags & 0x0008 != 0

            append32(0x0403_4B50, &output)
            append16(20, &output)
            append16(member.flags, &output)
            append16(member.method, &output)
            append16(0, &output)
            append16(0x21, &output)
            append32(usesDescriptor ? 0 : member.crc32, &output)
            append32(usesDescriptor ? 0 : UInt32(member.payload.count), &output)
            append32(usesDescriptor ? 0 : UInt32(member.uncompressedSize), &output)
            append16(UInt16(name.count), &output)
            append16(0, &output)
            output += name
            output += member.payload
            if usesDescriptor {
                append32(0x0807_4B50, &output)
                append32(member.crc32, &output)
                append32(UInt32(member.payload.count), &output)
                append32(UInt32(member.uncompressedSize), &output)
            }

            append32(0x0201_4B50, &central)
            append16(20, &central)
            append16(20, &central)
            append16(member.flags, &central)
            append16(member.method, &central)
            append16(0, &central)
            append16(0x21, &central)
            append32(member.crc32, &central)
            append32(UInt32(member.payload.count), &central)
            append32(UInt32(member.uncompressedSize), &central)
            append16(UInt16(name.count), &central)
            append16(0, &central)
            append16(0, &central)
            append16(0, &central)
            append16(0, &central)
            append32(0, &central)
            append32(UInt32(offset), &central)
            central += name
        }

        let centralOffset = output.count
        output += central
        append32(0x0605_4B50, &output)
        append16(0, &output)
        append16(0, &output)
        append16(UInt16(members.count), &output)
        append16(UInt16(members.count), &output)
        append32(UInt32(central.count), &output)
        append32(UInt32(centralOffset), &output)
        append16(0, &output)
        return output
    }
}

/// Wraps `data` in deflate stored blocks of at most 65,535 bytes, the last one final.
func storedBlockDeflate(_ data: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    var start = 0
    repeat {
        let end = min(start + 65_535, data.count)
        let isFinal = end == data.count
        let length = UInt16(end - start)
        output.append(isFinal ? 0x01 : 0x00)
        append16(length, &output)
        append16(~length, &output)
        output += data[start..<end]
        start = end
    } while start < data.count
    return output
}

/// Bit-by-bit CRC-32, independent of the module's table-driven one.
func referenceCRC32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return ~crc
}

func append16(_ value: UInt16, _ output: inout [UInt8]) {
    output += [UInt8(value & 0xFF), UInt8(value >> 8)]
}

func append32(_ value: UInt32, _ output: inout [UInt8]) {
    output += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
}

/// Builds a `.npy` file from a header dictionary text and raw data, padding the header
/// to 64 bytes like NumPy.
func makeNPY(header: String, data: [UInt8], version: (UInt8, UInt8) = (1, 0)) -> [UInt8] {
    var text = Array(header.utf8)
    let prefixSize = version.0 == 1 ? 10 : 12
    let padding = (64 - (prefixSize + text.count + 1) % 64) % 64
    text += [UInt8](repeating: 0x20, count: padding) + [0x0A]

    var output: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version.0, version.1]
    if version.0 == 1 {
        append16(UInt16(text.count), &output)
    } else {
        append32(UInt32(text.count), &output)
    }
    return output + text + data
}
