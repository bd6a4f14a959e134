/// Writing of ZIP archives whose members are stored (not compressed), as `numpy.savez` writes.
///
/// Output is reproducible: every member has the same fixed timestamp and Unix mode 0644.
/// ZIP64 records are written only where a size, offset or count needs them, unless
/// `forceZip64` is set.
struct ZipWriter {
    /// Writes ZIP64 extra fields and end records even for small archives, as
    /// `numpy.savez` does (NumPy 1.15 and later), so tests can exercise that form.
    var forceZip64 = false

    private var output: [UInt8] = []
    private var centralDirectory: [UInt8] = []
    private var memberCount = 0

    init(forceZip64: Bool = false) {
        self.forceZip64 = forceZip64
    }

    /// Appends a stored member. `name` must be at most 65,535 UTF-8 bytes.
    mutating func addStored(name: String, data: [UInt8]) {
        let rawName = Array(name.utf8)
        precondition(rawName.count <= Int(UInt16.max), "ZipWriter: member name of \(rawName.count) bytes exceeds 65535")

        let crc32 = CRC32.checksum(data)
        let offset = output.count
        let size = UInt64(data.count)
        let flags: UInt16 = rawName.contains { $0 >= 0x80 } ? ZipFormat.flagUTF8Name : 0

        let sizesNeedZip64 = forceZip64 || size >= UInt64(ZipFormat.sentinel32)
        let offsetNeedsZip64 = forceZip64 || UInt64(offset) >= UInt64(ZipFormat.sentinel32)
        let versionNeeded: UInt16 = sizesNeedZip64 || offsetNeedsZip64 ? 45 : 20
        let size32 = sizesNeedZip64 ? ZipFormat.sentinel32 : UInt32(size)

        var localExtra: [UInt8] = []
        if sizesNeedZip64 {
            localExtra.appendLittleEndian(ZipFormat.zip64ExtraID)
            localExtra.appendLittleEndian(UInt16(16))
            localExtra.appendLittleEndian(size)
            localExtra.appendLittleEndian(size)
        }

        output.appendLittleEndian(ZipFormat.localHeaderSignature)
        output.appendLittleEndian(versionNeeded)
        output.appendLittleEndian(flags)
        output.appendLittleEndian(ZipFormat.methodStored)
        output.appendLittleEndian(ZipFormat.fixedDOSTime)
        output.appendLittleEndian(ZipFormat.fixedDOSDate)
        output.appendLittleEndian(crc32)
        output.appendLittleEndian(size32)
        output.appendLittleEndian(size32)
        output.appendLittleEndian(UInt16(rawName.count))
        output.appendLittleEndian(UInt16(localExtra.count))
        output.append(contentsOf: rawName)
        output.append(contentsOf: localExtra)
        output.append(contentsOf: data)

        var centralExtraValues: [UInt64] = []
        if sizesNeedZip64 {
            centralExtraValues += [size, size]
        }
        if offsetNeedsZip64 {
            centralExtraValues.append(UInt64(offset))
        }
        var centralExtra: [UInt8] = []
        if !centralExtraValues.isEmpty {
            centralExtra.appendLittleEndian(ZipFormat.zip64ExtraID)
            centralExtra.appendLittleEndian(UInt16(8 * centralExtraValues.count))
            for value in centralExtraValues {
                centralExtra.appendLittleEndian(value)
            }
        }

        // Version made by: high byte 3 (Unix) so readers honour the mode in the external attributes.
        centralDirectory.appendLittleEndian(ZipFormat.centralHeaderSignature)
        centralDirectory.appendLittleEndian(UInt16(3 << 8) | versionNeeded)
        centralDirectory.appendLittleEndian(versionNeeded)
        centralDirectory.appendLittleEndian(flags)
        centralDirectory.appendLittleEndian(ZipFormat.methodStored)
        centralDirectory.appendLittleEndian(ZipFormat.fixedDOSTime)
        centralDirectory.appendLittleEndian(ZipFormat.fixedDOSDate)
        centralDirectory.appendLittleEndian(crc32)
        centralDirectory.appendLittleEndian(size32)
        centralDirectory.appendLittleEndian(size32)
        centralDirectory.appendLittleEndian(UInt16(rawName.count))
        centralDirectory.appendLittleEndian(UInt16(centralExtra.count))
        centralDirectory.appendLittleEndian(UInt16(0))  // comment length
        centralDirectory.appendLittleEndian(UInt16(0))  // disk number start
        centralDirectory.appendLittleEndian(UInt16(0))  // internal attributes
        centralDirectory.appendLittleEndian(UInt32(0o100644) << 16)  // regular file, rw-r--r--
        centralDirectory.appendLittleEndian(offsetNeedsZip64 ? ZipFormat.sentinel32 : UInt32(offset))
        centralDirectory.append(contentsOf: rawName)
        centralDirectory.append(contentsOf: centralExtra)

        memberCount += 1
    }

    /// Appends the central directory and end records and returns the archive.
    consuming func finish() -> [UInt8] {
        let directoryOffset = UInt64(output.count)
        let directorySize = UInt64(centralDirectory.count)
        let count = UInt64(memberCount)
        output.append(contentsOf: centralDirectory)

        let needsZip64 = forceZip64 || count >= UInt64(ZipFormat.sentinel16)
            || directoryOffset >= UInt64(ZipFormat.sentinel32) || directorySize >= UInt64(ZipFormat.sentinel32)

        if needsZip64 {
            let recordOffset = UInt64(output.count)
            output.appendLittleEndian(ZipFormat.zip64EndOfCentralDirectorySignature)
            output.appendLittleEndian(UInt64(ZipFormat.zip64EndOfCentralDirectorySize - 12))
            output.appendLittleEndian(UInt16(3 << 8) | 45)  // version made by: Unix, 4.5
            output.appendLittleEndian(UInt16(45))  // version needed: 4.5, the first with ZIP64
            output.appendLittleEndian(UInt32(0))  // this disk
            output.appendLittleEndian(UInt32(0))  // disk with the central directory
            output.appendLittleEndian(count)
            output.appendLittleEndian(count)
            output.appendLittleEndian(directorySize)
            output.appendLittleEndian(directoryOffset)

            output.appendLittleEndian(ZipFormat.zip64LocatorSignature)
            output.appendLittleEndian(UInt32(0))  // disk with the ZIP64 end record
            output.appendLittleEndian(recordOffset)
            output.appendLittleEndian(UInt32(1))  // total disks
        }

        output.appendLittleEndian(ZipFormat.endOfCentralDirectorySignature)
        output.appendLittleEndian(UInt16(0))  // this disk
        output.appendLittleEndian(UInt16(0))  // disk with the central directory
        output.appendLittleEndian(UInt16(min(count, UInt64(ZipFormat.sentinel16))))
        output.appendLittleEndian(UInt16(min(count, UInt64(ZipFormat.sentinel16))))
        output.appendLittleEndian(UInt32(min(directorySize, UInt64(ZipFormat.sentinel32))))
        output.appendLittleEndian(UInt32(min(directoryOffset, UInt64(ZipFormat.sentinel32))))
        output.appendLittleEndian(UInt16(0))  // comment length
        return output
    }
}
