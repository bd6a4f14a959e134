/// Encoding and decoding of single arrays in the `.npy` format that `numpy.save` and
/// `numpy.load` use.
///
/// A file starts with the magic `\x93NUMPY`, a major and a minor version byte, and the
/// header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0). The
/// header follows: a Python dictionary literal, padded with spaces and ended by a newline
/// so that the data starts at a multiple of 64 bytes. The elements come last.
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Data offsets are multiples of this, as in NumPy, so that readers can map the data aligned.
    static let alignment = 64

    /// Encodes `array` as a C-order `.npy` file, version 1.0 unless the header needs more
    /// than 65,535 bytes (version 2.0 then).
    public static func encode(_ array: NumPyArray) -> [UInt8] {
        let header = NPYHeader(dtype: array.dtype, fortranOrder: false, shape: array.shape)
        var output = headerBytes(Array(header.render().utf8))
        output.reserveCapacity(output.count + array.count * array.dtype.itemSize)
        ElementBytes.append(array.storage, to: &output)
        return output
    }

    /// Decodes a `.npy` file of version 1.0, 2.0 or 3.0.
    ///
    /// Throws when the magic, version or header is invalid, the dtype is big-endian,
    /// an object (pickle) or not one of `NumPyDType`'s, or when the data is not exactly
    /// the size the shape and dtype need. Fortran-order arrays are reordered into C order.
    public static func decode(_ bytes: [UInt8]) throws(NumPyFormatError) -> NumPyArray {
        let headerRange = try locateHeader(in: bytes)
        let header = try NPYHeader(parsing: PythonLiteralParser.parse(Array(bytes[headerRange])))

        let count = try ShapeMath.elementCount(of: header.shape)
        let dataStart = headerRange.upperBound
        try checkDataSize(bytes.count - dataStart, count: count, header: header)

        var storage = try ElementBytes.decode(bytes[dataStart...], dtype: header.dtype, count: count)
        if header.fortranOrder {
            storage = MemoryOrder.rowMajor(fromColumnMajor: storage, shape: header.shape)
        }
        return try NumPyArray(shape: header.shape, storage: storage)
    }

    /// Checks the magic string and version and returns the byte range of the header.
    private static func locateHeader(in bytes: [UInt8]) throws(NumPyFormatError) -> Range<Int> {
        let view = ByteView(bytes: bytes)

        if !bytes.isEmpty && bytes.count < magic.count && magic.starts(with: bytes) {
            throw truncated("the end of the magic string", needed: magic.count, available: bytes.count)
        }
        guard bytes.starts(with: magic) else {
            throw NumPyFormatError(
                .notNPY,
                "the data does not start with the .npy magic string \\x93NUMPY (starts with \(HeaderText.quote(bytes.prefix(8))), \(bytes.count) bytes in all)",
                fix: "pass a file written by numpy.save"
            )
        }
        guard let major = view.integer(UInt8.self, at: 6), let minor = view.integer(UInt8.self, at: 7) else {
            throw truncated("the version bytes", needed: 8, available: bytes.count)
        }

        // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 use 4 bytes.
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            guard let length = view.uint16(at: 8) else {
                throw truncated("the header length", needed: 10, available: bytes.count)
            }
            headerLength = Int(length)
        case (2, 0), (3, 0):
            guard let length = view.uint32(at: 8) else {
                throw truncated("the header length", needed: 12, available: bytes.count)
            }
            headerLength = Int(length)
        default:
            throw NumPyFormatError(
                .unsupportedVersion,
                ".npy format version \(major).\(minor) is not supported (supported: 1.0, 2.0, 3.0)",
                fix: "save the array with a NumPy release that writes one of those versions"
            )
        }

        let headerStart = major == 1 ? 10 : 12
        guard view.contains(offset: headerStart, count: headerLength) else {
            throw truncated("the \(headerLength)-byte header", needed: headerStart + headerLength, available: bytes.count)
        }
        return headerStart..<(headerStart + headerLength)
    }

    /// Checks that exactly `count` elements of the header's dtype follow the header.
    private static func checkDataSize(_ actualSize: Int, count: Int, header: NPYHeader) throws(NumPyFormatError) {
        let (expectedSize, overflow) = count.multipliedReportingOverflow(by: header.dtype.itemSize)
        guard !overflow else {
            throw NumPyFormatError(
                .invalidShape,
                "shape \(ShapeMath.describe(header.shape)) of '\(header.dtype.descr)' needs more than \(Int.max) bytes",
                fix: "the shape is corrupt or the array is too large to load"
            )
        }

        guard actualSize == expectedSize else {
            throw NumPyFormatError(
                .dataSizeMismatch,
                "shape \(ShapeMath.describe(header.shape)) of '\(header.dtype.descr)' needs \(expectedSize) data bytes but the file has \(actualSize)",
                fix: actualSize < expectedSize
                    ? "the file is truncated; write it again"
                    : "the file has extra bytes after the array; write it again with numpy.save"
            )
        }
    }

    /// Returns magic, version, length and the header padded to the alignment.
    private static func headerBytes(_ dictionary: [UInt8]) -> [UInt8] {
        // One byte for the closing newline; the padding goes between it and the dictionary.
        let unpadded = dictionary.count + 1
        let versionOnePadding = padding(for: magic.count + 2 + 2 + unpadded)
        let useVersionOne = unpadded + versionOnePadding <= Int(UInt16.max)
        let lengthSize = useVersionOne ? 2 : 4
        let paddingCount = useVersionOne ? versionOnePadding : padding(for: magic.count + 2 + 4 + unpadded)
        let headerLength = unpadded + paddingCount

        var output = magic
        output.reserveCapacity(magic.count + 2 + lengthSize + headerLength)
        output.append(contentsOf: useVersionOne ? [1, 0] : [2, 0])
        if useVersionOne {
            output.appendLittleEndian(UInt16(headerLength))
        } else {
            output.appendLittleEndian(UInt32(headerLength))
        }
        output.append(contentsOf: dictionary)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: paddingCount))
        output.append(UInt8(ascii: "\n"))
        return output
    }

    private static func padding(for length: Int) -> Int {
        (alignment - length % alignment) % alignment
    }

    private static func truncated(_ part: String, needed: Int, available: Int) -> NumPyFormatError {
        NumPyFormatError(
            .truncated,
            "the .npy data ends before \(part): needs at least \(needed) bytes, has \(available)",
            fix: "the file is truncated; write it again"
        )
    }
}
