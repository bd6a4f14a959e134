#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that replace the target atomically.
///
/// The bytes go to a new temporary file in the target's directory, which is flushed to
/// disk and then renamed over the target, and the directory is flushed so the rename
/// itself survives a power loss. Readers see either the old file or the new one, never
/// a partial one. On any failure the target is left as it was and the temporary file
/// is removed.
public enum AtomicFile {
    /// Writes `bytes` to `path`, creating or replacing it.
    ///
    /// A new file gets mode 0666 less the process umask, as `open` gives. A replaced
    /// file gets the same, not the mode it had. Throws `FileOperationError` naming the
    /// path, the step that failed and the `errno` text.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileOperationError) {
        let (directory, fileName) = try split(path)
        let (descriptor, temporaryPath) = try createTemporary(in: directory, for: fileName, target: path)

        do throws(FileOperationError) {
            try writeAll(bytes, to: descriptor, path: temporaryPath)
            try sync(descriptor, path: temporaryPath)
        } catch {
            _ = close(descriptor)
            _ = unlink(temporaryPath)
            throw error
        }

        guard close(descriptor) == 0 else {
            let error = FileOperationError(path: temporaryPath, operation: "close", errno: errno)
            _ = unlink(temporaryPath)
            throw error
        }

        guard rename(temporaryPath, path) == 0 else {
            let error = FileOperationError(path: path, operation: "rename from '\(temporaryPath)'", errno: errno)
            _ = unlink(temporaryPath)
            throw error
        }

        try syncDirectory(directory)
    }

    /// Splits `path` into the directory that will hold the temporary file and the file name.
    private static func split(_ path: String) throws(FileOperationError) -> (directory: String, fileName: String) {
        guard !path.isEmpty else {
            throw FileOperationError(path: path, operation: "write", errno: 0, detail: "the path is empty; pass a file path")
        }
        guard !path.hasSuffix("/") else {
            throw FileOperationError(path: path, operation: "write", errno: EISDIR, detail: "the path names a directory; pass a file path")
        }

        guard let slash = path.lastIndex(of: "/") else {
            return (".", path)
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `<directory>/.<fileName>.<random>.tmp` exclusively, retrying on a name clash.
    private static func createTemporary(in directory: String, for fileName: String, target: String) throws(FileOperationError) -> (Int32, String) {
        var generator = SystemRandomNumberGenerator()
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC

        for _ in 0..<16 {
            let suffix = String(generator.next() as UInt64, radix: 36)
            let temporaryPath = "\(directory)/.\(fileName).\(suffix).tmp"
            let descriptor = open(temporaryPath, flags, 0o666)
            if descriptor >= 0 {
                return (descriptor, temporaryPath)
            }
            if errno != EEXIST {
                throw FileOperationError(
                    path: target,
                    operation: "create temporary file '\(temporaryPath)'",
                    errno: errno,
                    detail: "check that the directory '\(directory)' exists and is writable"
                )
            }
        }
        throw FileOperationError(path: target, operation: "create temporary file", errno: EEXIST, detail: "16 random names in '\(directory)' were all taken")
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileOperationError) {
        var written = 0
        var failure: FileOperationError?

        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result > 0 {
                    written += result
                } else if result < 0 && errno == EINTR {
                    continue
                } else {
                    let code = result < 0 ? errno : 0
                    failure = FileOperationError(
                        path: path,
                        operation: "write",
                        errno: code,
                        detail: "wrote \(written) of \(buffer.count) bytes"
                    )
                    return
                }
            }
        }

        if let failure {
            throw failure
        }
    }

    private static func sync(_ descriptor: Int32, path: String) throws(FileOperationError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR {
                throw FileOperationError(path: path, operation: "fsync", errno: errno)
            }
        }
    }

    /// Flushes the directory entry of the rename. The new file is in place by now, so a
    /// failure here means only that the rename may not survive a power loss.
    private static func syncDirectory(_ directory: String) throws(FileOperationError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileOperationError(path: directory, operation: "open directory for fsync", errno: errno)
        }
        defer { _ = close(descriptor) }
        try sync(descriptor, path: directory)
    }
}
