/// Record signatures and field limits of the ZIP format (PKWARE APPNOTE 6.3), as far as
/// this module reads and writes it.
enum ZipFormat {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndOfCentralDirectorySignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50

    static let localHeaderSize = 30
    static let centralHeaderSize = 46
    static let endOfCentralDirectorySize = 22
    static let zip64EndOfCentralDirectorySize = 56
    static let zip64LocatorSize = 20

    /// The ID of the extra field that carries 64-bit sizes and offsets.
    static let zip64ExtraID: UInt16 = 0x0001

    /// A 32-bit size or offset field with this value means "see the ZIP64 extra field".
    static let sentinel32: UInt32 = 0xFFFF_FFFF
    /// A 16-bit count field with this value means "see the ZIP64 end record".
    static let sentinel16: UInt16 = 0xFFFF

    static let methodStored: UInt16 = 0
    static let methodDeflate: UInt16 = 8

    /// General-purpose flag bits.
    static let flagEncrypted: UInt16 = 1 << 0
    static let flagDataDescriptor: UInt16 = 1 << 3
    static let flagStrongEncryption: UInt16 = 1 << 6
    static let flagUTF8Name: UInt16 = 1 << 11
    static let flagEncryptedCentralDirectory: UInt16 = 1 << 13

    /// Compression method 99 is WinZip's AES encryption wrapper.
    static let methodAESEncrypted: UInt16 = 99

    /// 1980-01-01 00:00:00 in MS-DOS date and time form, the earliest value the fields can
    /// hold. Every member gets it so that the same archive always encodes to the same bytes.
    static let fixedDOSDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let fixedDOSTime: UInt16 = 0

    /// Names of the compression methods that an error message may need to mention.
    static func methodName(_ method: UInt16) -> String {
        switch method {
        case 1: "shrink"
        case 6: "implode"
        case 9: "deflate64"
        case 12: "bzip2"
        case 14: "LZMA"
        case 93: "Zstandard"
        case 95: "XZ"
        case 98: "PPMd"
        default: "unknown"
        }
    }
}
