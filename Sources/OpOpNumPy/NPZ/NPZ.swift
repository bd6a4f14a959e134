/// Encoding and decoding of `.npz` archives: ZIP files of `.npy` members, as
/// `numpy.savez` and `numpy.savez_compressed` write and `numpy.load` reads without pickle.
public enum NPZ {
    /// The suffix every member name carries and archive keys do not.
    static let memberSuffix = ".npy"

    /// Encodes `archive` as a ZIP of stored `.npy` members in archive order.
    ///
    /// The same archive always encodes to the same bytes.
    public static func encode(_ archive: NPZArchive) -> [UInt8] {
        encode(archive, forceZip64: false)
    }

    /// Encodes with ZIP64 records everywhere when `forceZip64` is set, as NumPy writes.
    static func encode(_ archive: NPZArchive, forceZip64: Bool) -> [UInt8] {
        var writer = ZipWriter(forceZip64: forceZip64)
        for (name, array) in archive.entries {
            writer.addStored(name: name + memberSuffix, data: NPY.encode(array))
        }
        return writer.finish()
    }

    /// Decodes a `.npz` archive whose members are stored or deflated `.npy` files.
    ///
    /// Throws `NumPyFormatError`, naming the member where there is one. The archive is
    /// rejected when it is not a ZIP archive, is truncated, or has a CRC-32 or size that
    /// does not match. A member is rejected when it is encrypted, uses another compression
    /// method, is not named `*.npy`, repeats a name, or fails `NPY.decode`.
    public static func decode(_ bytes: [UInt8]) throws(NumPyFormatError) -> NPZArchive {
        let reader = ZipReader(bytes)
        let zipEntries = try reader.entries()

        var archive = NPZArchive()
        for entry in zipEntries {
            do throws(NumPyFormatError) {
                guard entry.name.hasSuffix(memberSuffix) else {
                    throw NumPyFormatError(
                        .invalidMemberName,
                        "the member name does not end in '.npy', so it is not an array",
                        fix: "pass an archive written by numpy.savez, which holds only .npy members"
                    )
                }
                let name = String(entry.name.dropLast(memberSuffix.count))
                try NPZArchive.validateName(name)

                let array = try NPY.decode(reader.data(of: entry))
                archive.set(name, array)
            } catch {
                throw error.inMember(entry.name)
            }
        }
        return archive
    }

    /// Reads and decodes the `.npz` file at `path`.
    ///
    /// Throws `FileOperationError` when the file cannot be read and `NumPyFormatError`
    /// naming the path when its contents are invalid.
    public static func read(path: String) throws -> NPZArchive {
        let bytes = try FileBytes.read(path: path)
        do {
            return try decode(bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Encodes `archive` and writes it to `path` with `AtomicFile`, so a crash or an
    /// error leaves either the old file or the new one, never a mix.
    public static func write(_ archive: NPZArchive, to path: String) throws(FileOperationError) {
        try AtomicFile.write(encode(archive), to: path)
    }
}

extension NPY {
    /// Reads and decodes the `.npy` file at `path`.
    ///
    /// Throws `FileOperationError` when the file cannot be read and `NumPyFormatError`
    /// naming the path when its contents are invalid.
    public static func read(path: String) throws -> NumPyArray {
        let bytes = try FileBytes.read(path: path)
        do {
            return try decode(bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Encodes `array` and writes it to `path` with `AtomicFile`.
    public static func write(_ array: NumPyArray, to path: String) throws(FileOperationError) {
        try AtomicFile.write(encode(array), to: path)
    }
}
