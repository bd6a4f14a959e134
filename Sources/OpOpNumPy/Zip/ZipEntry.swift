/// One member as the central directory describes it, with ZIP64 values resolved.
struct ZipEntry {
    var name: String
    var rawName: [UInt8]
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
}

/// The position, size and entry count of the central directory, from the end records.
struct CentralDirectoryLocation {
    var entryCount: Int
    var offset: Int
    var size: Int
    /// The offset of the first record after the central directory: the ZIP64 end record
    /// if there is one, otherwise the end record. The central directory must end exactly here.
    var endRecordsOffset: Int
}
