/// Reading of ZIP archives held in memory: the end records, the central directory, and
/// members that are stored or deflated.
///
/// It trusts nothing: every offset and size is bounds-checked, the local header must
/// agree with the central directory, members may not overlap, and each member's size
/// and CRC-32 are verified.
struct ZipReader {
    let view: ByteView

    init(_ bytes: [UInt8]) {
        view = ByteView(bytes: bytes)
    }

    /// Reads the central directory and returns its entries in archive order.
    func entries() throws(NumPyFormatError) -> [ZipEntry] {
        let location = try locateCentralDirectory()

        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(location.entryCount, view.count / ZipFormat.centralHeaderSize))
        var offset = location.offset
        for index in 0..<location.entryCount {
            let entry = try centralEntry(at: &offset, index: index, of: location.entryCount)
            entries.append(entry)
        }

        guard offset == location.offset + location.size else {
            throw corrupt(
                "the central directory declares \(location.size) bytes for \(location.entryCount) entries but they take \(offset - location.offset)"
            )
        }
        try checkLayout(entries, centralDirectoryOffset: location.offset)
        return entries
    }

    /// Returns the uncompressed bytes of `entry` after checking its local header, size
    /// and CRC-32.
    func data(of entry: ZipEntry) throws(NumPyFormatError) -> [UInt8] {
        let dataOffset = try checkLocalHeader(of: entry)
        guard let compressed = view.slice(at: dataOffset, count: entry.compressedSize) else {
            throw truncated("the \(entry.compressedSize) bytes of data at offset \(dataOffset)")
        }

        let data: [UInt8]
        switch entry.method {
        case ZipFormat.methodStored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw corrupt(
                    "the stored member has compressed size \(entry.compressedSize) but uncompressed size \(entry.uncompressedSize)"
                )
            }
            data = Array(compressed)
        case ZipFormat.methodDeflate:
            data = try Inflate.inflate(compressed, expectedSize: entry.uncompressedSize)
        default:
            throw NumPyFormatError(
                .unsupportedCompression,
                "compression method \(entry.method) (\(ZipFormat.methodName(entry.method))) is not supported; only stored (0) and deflate (8) are",
                fix: "write the archive with numpy.savez or numpy.savez_compressed"
            )
        }

        let actualCRC = CRC32.checksum(data)
        guard actualCRC == entry.crc32 else {
            throw NumPyFormatError(
                .checksumMismatch,
                "CRC-32 mismatch: the archive records \(hex(entry.crc32)) but the data has \(hex(actualCRC))",
                fix: "the archive is corrupt; write it again"
            )
        }
        return data
    }

    // MARK: - End records

    private func locateCentralDirectory() throws(NumPyFormatError) -> CentralDirectoryLocation {
        let endOffset = try findEndRecord()

        let diskNumber = view.uint16(at: endOffset + 4)!
        let centralDirectoryDisk = view.uint16(at: endOffset + 6)!
        let entriesOnDisk = view.uint16(at: endOffset + 8)!
        let entryCount = view.uint16(at: endOffset + 10)!
        let size = view.uint32(at: endOffset + 12)!
        let offset = view.uint32(at: endOffset + 16)!

        let locatorOffset = endOffset - ZipFormat.zip64LocatorSize
        if locatorOffset >= 0, view.uint32(at: locatorOffset) == ZipFormat.zip64LocatorSignature {
            let zip64 = try readZip64EndRecord(locatorOffset: locatorOffset)
            try checkAgrees(entriesOnDisk, with: zip64.entryCount, field: "entries on this disk")
            try checkAgrees(entryCount, with: zip64.entryCount, field: "total entries")
            try checkAgrees(size, with: zip64.size, field: "central directory size")
            try checkAgrees(offset, with: zip64.offset, field: "central directory offset")
            if diskNumber != ZipFormat.sentinel16 && diskNumber != 0
                || centralDirectoryDisk != ZipFormat.sentinel16 && centralDirectoryDisk != 0
            {
                throw multiDisk()
            }
            return zip64
        }

        guard diskNumber == 0, centralDirectoryDisk == 0 else {
            throw multiDisk()
        }
        guard entriesOnDisk == entryCount else {
            throw corrupt("the end record counts \(entriesOnDisk) entries on this disk but \(entryCount) in all")
        }

        let location = CentralDirectoryLocation(
            entryCount: Int(entryCount), offset: Int(offset), size: Int(size), endRecordsOffset: endOffset
        )
        try checkCentralDirectoryBounds(location)
        return location
    }

    /// Finds the end-of-central-directory record by scanning backwards from the end, as
    /// it sits before a comment of up to 65,535 bytes. The record's comment length must
    /// reach exactly to the end of the data.
    private func findEndRecord() throws(NumPyFormatError) -> Int {
        let count = view.count
        guard count > 0 else {
            throw NumPyFormatError(.notZip, "the data is empty (0 bytes)", fix: "pass a .npz file written by numpy.savez")
        }

        let last = count - ZipFormat.endOfCentralDirectorySize
        if last >= 0 {
            let first = max(0, last - Int(UInt16.max))
            for candidate in stride(from: last, through: first, by: -1)
            where view.uint32(at: candidate) == ZipFormat.endOfCentralDirectorySignature {
                let commentLength = Int(view.uint16(at: candidate + 20)!)
                if candidate + ZipFormat.endOfCentralDirectorySize + commentLength == count {
                    return candidate
                }
            }
        }

        if view.uint32(at: 0) == ZipFormat.localHeaderSignature {
            throw truncated("its end-of-central-directory record (none found in \(count) bytes)")
        }
        if view.bytes.starts(with: NPY.magic) {
            throw NumPyFormatError(
                .notZip,
                "the data is a single .npy array, not a .npz archive",
                fix: "read it with NPY.decode or NPY.read"
            )
        }
        throw NumPyFormatError(
            .notZip,
            "the data is not a ZIP archive: no end-of-central-directory record in \(count) bytes, starting with \(HeaderText.quote(view.bytes.prefix(8)))",
            fix: "pass a .npz file written by numpy.savez or numpy.savez_compressed"
        )
    }

    private func readZip64EndRecord(locatorOffset: Int) throws(NumPyFormatError) -> CentralDirectoryLocation {
        let recordDisk = view.uint32(at: locatorOffset + 4)!
        let recordOffset64 = view.uint64(at: locatorOffset + 8)!
        let diskCount = view.uint32(at: locatorOffset + 16)!
        guard recordDisk == 0, diskCount <= 1 else {
            throw multiDisk()
        }

        let recordOffset = try position(recordOffset64, field: "ZIP64 end record offset")
        guard view.uint32(at: recordOffset) == ZipFormat.zip64EndOfCentralDirectorySignature else {
            throw corrupt("the ZIP64 locator points to offset \(recordOffset), where there is no ZIP64 end record")
        }
        guard let recordSize = view.uint64(at: recordOffset + 4),
            let entriesOnDisk = view.uint64(at: recordOffset + 24),
            let entryCount = view.uint64(at: recordOffset + 32),
            let size = view.uint64(at: recordOffset + 40),
            let offset = view.uint64(at: recordOffset + 48)
        else {
            throw truncated("its ZIP64 end record at offset \(recordOffset)")
        }

        // The record's size field excludes the signature and the size field itself.
        let (recordEnd, overflow) = recordSize.addingReportingOverflow(UInt64(recordOffset) + 12)
        guard recordSize >= UInt64(ZipFormat.zip64EndOfCentralDirectorySize - 12), !overflow, recordEnd == UInt64(locatorOffset) else {
            throw corrupt("the ZIP64 end record at offset \(recordOffset) declares size \(recordSize), which does not reach the locator at \(locatorOffset)")
        }
        guard view.uint32(at: recordOffset + 16) == 0, view.uint32(at: recordOffset + 20) == 0 else {
            throw multiDisk()
        }
        guard entriesOnDisk == entryCount else {
            throw corrupt("the ZIP64 end record counts \(entriesOnDisk) entries on this disk but \(entryCount) in all")
        }

        let location = CentralDirectoryLocation(
            entryCount: try position(entryCount, field: "entry count"),
            offset: try position(offset, field: "central directory offset"),
            size: try position(size, field: "central directory size"),
            endRecordsOffset: recordOffset
        )
        try checkCentralDirectoryBounds(location)
        return location
    }

    private func checkCentralDirectoryBounds(_ location: CentralDirectoryLocation) throws(NumPyFormatError) {
        let (end, overflow) = location.offset.addingReportingOverflow(location.size)
        guard !overflow, end == location.endRecordsOffset else {
            throw corrupt(
                "the central directory declared at offset \(location.offset) with size \(location.size) does not end where the end records start (offset \(location.endRecordsOffset))"
            )
        }

        // Each entry takes at least the fixed header, so a huge count cannot fit.
        guard location.entryCount <= location.size / ZipFormat.centralHeaderSize else {
            throw corrupt("the end record counts \(location.entryCount) entries, more than \(location.size) bytes of central directory can hold")
        }
    }

    /// A 16- or 32-bit end-record field must equal its ZIP64 counterpart unless it is the sentinel.
    private func checkAgrees<Field: FixedWidthInteger>(_ value: Field, with zip64Value: Int, field: String) throws(NumPyFormatError) {
        guard value != Field.max, Int(value) != zip64Value else {
            return
        }
        throw corrupt("the end record's \(field) is \(value) but the ZIP64 end record's is \(zip64Value)")
    }

    // MARK: - Central directory

    private func centralEntry(at offset: inout Int, index: Int, of count: Int) throws(NumPyFormatError) -> ZipEntry {
        let start = offset
        guard view.uint32(at: start) == ZipFormat.centralHeaderSignature else {
            throw corrupt("central directory entry \(index + 1) of \(count) at offset \(start) has no central header signature")
        }
        guard view.contains(offset: start, count: ZipFormat.centralHeaderSize) else {
            throw truncated("central directory entry \(index + 1) of \(count)")
        }

        let flags = view.uint16(at: start + 8)!
        let method = view.uint16(at: start + 10)!
        let crc32 = view.uint32(at: start + 16)!
        let compressedSize32 = view.uint32(at: start + 20)!
        let uncompressedSize32 = view.uint32(at: start + 24)!
        let nameLength = Int(view.uint16(at: start + 28)!)
        let extraLength = Int(view.uint16(at: start + 30)!)
        let commentLength = Int(view.uint16(at: start + 32)!)
        let diskStart = view.uint16(at: start + 34)!
        let localOffset32 = view.uint32(at: start + 42)!

        let nameOffset = start + ZipFormat.centralHeaderSize
        guard let rawName = view.slice(at: nameOffset, count: nameLength),
            let extra = view.slice(at: nameOffset + nameLength, count: extraLength),
            view.contains(offset: nameOffset + nameLength + extraLength, count: commentLength)
        else {
            throw truncated("the name, extra field or comment of central directory entry \(index + 1) of \(count)")
        }
        offset = nameOffset + nameLength + extraLength + commentLength

        let name = try MemberName.decode(rawName, flags: flags)
        do throws(NumPyFormatError) {
            let zip64 = try Zip64Extra.parse(
                extra,
                uncompressedSize: uncompressedSize32,
                compressedSize: compressedSize32,
                localHeaderOffset: localOffset32,
                diskStart: diskStart
            )
            guard zip64.diskStart == 0 else {
                throw multiDisk()
            }
            try checkEncryption(flags: flags, method: method)

            return ZipEntry(
                name: name,
                rawName: Array(rawName),
                flags: flags,
                method: method,
                crc32: crc32,
                compressedSize: try position(zip64.compressedSize, field: "compressed size"),
                uncompressedSize: try length(zip64.uncompressedSize, field: "uncompressed size"),
                localHeaderOffset: try position(zip64.localHeaderOffset, field: "local header offset")
            )
        } catch {
            throw error.inMember(name)
        }
    }

    private func checkEncryption(flags: UInt16, method: UInt16) throws(NumPyFormatError) {
        let encryptionFlags = ZipFormat.flagEncrypted | ZipFormat.flagStrongEncryption | ZipFormat.flagEncryptedCentralDirectory
        guard flags & encryptionFlags == 0, method != ZipFormat.methodAESEncrypted else {
            throw NumPyFormatError(
                .encryptedMember,
                "the member is encrypted, and encrypted archives are not supported",
                fix: "write the archive without a password, as numpy.savez does"
            )
        }
    }

    /// Checks that names are unique and that every member's header and data lie before
    /// the central directory without overlapping another member.
    private func checkLayout(_ entries: [ZipEntry], centralDirectoryOffset: Int) throws(NumPyFormatError) {
        var seen = Set<String>()
        for entry in entries {
            guard seen.insert(entry.name).inserted else {
                throw NumPyFormatError(
                    .duplicateMember,
                    "the archive has more than one member with this name",
                    fix: "write the archive again with unique array names",
                    member: entry.name
                )
            }
        }

        let ordered = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (position, entry) in ordered.enumerated() {
            let limit = position + 1 < ordered.count ? ordered[position + 1].localHeaderOffset : centralDirectoryOffset
            // Offsets and sizes are at most the archive size here, so the sum cannot overflow.
            let end = entry.localHeaderOffset + ZipFormat.localHeaderSize + entry.rawName.count + entry.compressedSize
            guard end <= limit else {
                throw NumPyFormatError(
                    .corruptArchive,
                    "the member at offset \(entry.localHeaderOffset) with \(entry.compressedSize) compressed bytes runs past the next record at offset \(limit)",
                    fix: "the archive is corrupt or truncated; write it again",
                    member: entry.name
                )
            }
        }
    }

    // MARK: - Local headers

    /// Checks the local header against the central directory entry and returns the
    /// offset of the member's data.
    private func checkLocalHeader(of entry: ZipEntry) throws(NumPyFormatError) -> Int {
        let start = entry.localHeaderOffset
        guard view.contains(offset: start, count: ZipFormat.localHeaderSize) else {
            throw truncated("the local header at offset \(start)")
        }
        guard view.uint32(at: start) == ZipFormat.localHeaderSignature else {
            throw corrupt("offset \(start) has no local header signature")
        }

        let flags = view.uint16(at: start + 6)!
        let method = view.uint16(at: start + 8)!
        let crc32 = view.uint32(at: start + 14)!
        let compressedSize32 = view.uint32(at: start + 18)!
        let uncompressedSize32 = view.uint32(at: start + 22)!
        let nameLength = Int(view.uint16(at: start + 26)!)
        let extraLength = Int(view.uint16(at: start + 28)!)

        let nameOffset = start + ZipFormat.localHeaderSize
        guard let rawName = view.slice(at: nameOffset, count: nameLength),
            let extra = view.slice(at: nameOffset + nameLength, count: extraLength)
        else {
            throw truncated("the name or extra field of the local header at offset \(start)")
        }

        guard rawName.elementsEqual(entry.rawName) else {
            throw corrupt("the local header names \(HeaderText.quote(rawName)), not the central directory's name")
        }
        guard method == entry.method else {
            throw corrupt("the local header's compression method \(method) differs from the central directory's \(entry.method)")
        }
        let checkedFlags = ZipFormat.flagEncrypted | ZipFormat.flagDataDescriptor
        guard flags & checkedFlags == entry.flags & checkedFlags else {
            throw corrupt("the local header's flags \(hex(flags)) differ from the central directory's \(hex(entry.flags))")
        }

        // With a data descriptor the local header may contain zeros, so the central directory
        // is the authority. The data itself is still checked by size and CRC.
        if flags & ZipFormat.flagDataDescriptor == 0 {
            let zip64 = try Zip64Extra.parse(
                extra,
                uncompressedSize: uncompressedSize32,
                compressedSize: compressedSize32,
                localHeaderOffset: 0,
                diskStart: 0
            )
            guard crc32 == entry.crc32 else {
                throw corrupt("the local header's CRC-32 \(hex(crc32)) differs from the central directory's \(hex(entry.crc32))")
            }
            guard zip64.compressedSize == UInt64(entry.compressedSize), zip64.uncompressedSize == UInt64(entry.uncompressedSize) else {
                throw corrupt(
                    "the local header's sizes (\(zip64.compressedSize) compressed, \(zip64.uncompressedSize) uncompressed) differ from the central directory's (\(entry.compressedSize), \(entry.uncompressedSize))"
                )
            }
        }
        return nameOffset + nameLength + extraLength
    }

    // MARK: - Errors

    /// Converts an offset or a stored length, which must lie within the archive.
    private func position(_ value: UInt64, field: String) throws(NumPyFormatError) -> Int {
        guard value <= UInt64(view.count) else {
            throw corrupt("the \(field) \(value) points past the end of the \(view.count)-byte archive")
        }
        return Int(value)
    }

    /// Converts an uncompressed size, which deflate may make larger than the archive.
    private func length(_ value: UInt64, field: String) throws(NumPyFormatError) -> Int {
        guard value < UInt64(Int.max) else {
            throw corrupt("the \(field) \(value) is larger than any array can be")
        }
        return Int(value)
    }

    private func hex<T: FixedWidthInteger>(_ value: T) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return "0x" + String(repeating: "0", count: max(0, MemoryLayout<T>.size * 2 - digits.count)) + digits
    }

    private func corrupt(_ reason: String) -> NumPyFormatError {
        NumPyFormatError(.corruptArchive, "invalid ZIP archive: \(reason)", fix: "the archive is corrupt; write it again")
    }

    private func truncated(_ part: String) -> NumPyFormatError {
        NumPyFormatError(
            .truncated,
            "the archive (\(view.count) bytes) is truncated: it ends before \(part)",
            fix: "the file was cut short, for example by a full disk or an interrupted copy; write it again"
        )
    }

    private func multiDisk() -> NumPyFormatError {
        NumPyFormatError(
            .multiDiskArchive,
            "the archive spans several disks, which is not supported",
            fix: "join it into one file or write it again with numpy.savez"
        )
    }
}
