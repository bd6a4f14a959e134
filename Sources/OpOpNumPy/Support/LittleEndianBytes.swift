#if !_endian(little)
#error("OpOpNumPy copies element bytes as they are, so it needs a little-endian host to match the little-endian files it reads and writes")
#endif

/// Bounds-checked little-endian reads at absolute offsets into a byte array.
///
/// Every read returns nil instead of trapping when the range leaves the bytes, so a
/// truncated or corrupt file turns into an error at the call site.
struct ByteView {
    let bytes: [UInt8]

    var count: Int {
        bytes.count
    }

    /// Returns whether `count` bytes starting at `offset` lie inside the bytes.
    func contains(offset: Int, count: Int) -> Bool {
        guard offset >= 0, count >= 0 else {
            return false
        }
        let (end, overflow) = offset.addingReportingOverflow(count)
        return !overflow && end <= bytes.count
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard contains(offset: offset, count: size) else {
            return nil
        }

        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        return value
    }

    func uint16(at offset: Int) -> UInt16? {
        integer(UInt16.self, at: offset)
    }

    func uint32(at offset: Int) -> UInt32? {
        integer(UInt32.self, at: offset)
    }

    func uint64(at offset: Int) -> UInt64? {
        integer(UInt64.self, at: offset)
    }

    func slice(at offset: Int, count: Int) -> ArraySlice<UInt8>? {
        guard contains(offset: offset, count: count) else {
            return nil
        }
        return bytes[offset..<(offset + count)]
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as little-endian bytes.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for index in 0..<MemoryLayout<T>.size {
            append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }
}
