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
/// a partial one. When the target is a symbolic link, the link itself is replaced.
public enum AtomicFile {
    /// Writes `bytes` to `path`, creating or replacing it.
    ///
    /// A new file gets mode 0666 less the process umask, as `open` gives; a replaced file
    /// gets the same, not the mode it had. Throws `FileOperationError` naming the path,
    /// the step that failed and the `errno` text. When any step up to the rename fails,
    /// the target is untouched and the temporary file is removed. Only a failure to
    /// flush the directory comes after the rename. The new file is in place then, and the
    /// error's detail states that.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileOperationError) {
        try write(bytes, to: path, calls: .system)
    }

    static func write(_ bytes: [UInt8], to path: String, calls: SystemCalls) throws(FileOperationError) {
        let (directory, fileName) = try split(path)
        let (descriptor, temporaryPath) = try createTemporary(in: directory, for: fileName, target: path)

        do throws(FileOperationError) {
            try writeAll(bytes, to: descriptor, target: path, temporaryPath: temporaryPath, calls: calls)
            try sync(descriptor, target: path, temporaryPath: temporaryPath, calls: calls)
        } catch {
            _ = calls.close(descriptor)
            _ = unlink(temporaryPath)
            throw error
        }

        guard calls.close(descriptor) == 0 else {
            let error = FileOperationError(path: path, operation: "close temporary file '\(temporaryPath)'", errno: errno)
            _ = unlink(temporaryPath)
            throw error
        }

        guard calls.rename(temporaryPath, path) == 0 else {
            let error = FileOperationError(path: path, operation: "rename from '\(temporaryPath)'", errno: errno)
            _ = unlink(temporaryPath)
            throw error
        }

        try syncDirectory(directory, calls: calls)
    }

    /// Splits `path` into the directory that will hold the temporary file and the file name.
    private static func split(_ path: String) throws(FileOperationError) -> (directory: String, fileName: String) {
        guard !path.isEmpty else {
            throw FileOperationError(path: path, operation: "write", errno: ENOENT, detail: "the path is empty; pass a file path")
        }
        guard !path.hasSuffix("/") else {
            throw FileOperationError(path: path, operation: "write", errno: EISDIR, detail: "the path ends in '/'; pass a file path")
        }

        guard let slash = path.lastIndex(of: "/") else {
            return (".", path)
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `<directory>/.<fileName>.<random>.tmp` exclusively, retrying on a name clash.
    private static func createTemporary(in directory: String, for fileName: String, target: String) throws(FileOperationError) -> (Int32, String) {
        // Keep the temporary name within the usual 255-byte NAME_MAX however long the target's is.
        var stem = ""
        for character in fileName where stem.utf8.count + character.utf8.count <= 200 {
            stem.append(character)
        }

        var generator = SystemRandomNumberGenerator()
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        for _ in 0..<16 {
            let suffix = String(generator.next() as UInt64, radix: 36)
            let temporaryPath = "\(directory)/.\(stem).\(suffix).tmp"
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
        throw FileOperationError(
            path: target,
            operation: "create temporary file",
            errno: EEXIST,
            detail: "16 random names in '\(directory)' were all taken; remove stale '.\(stem).*.tmp' files"
        )
    }

    private static func writeAll(
        _ bytes: [UInt8],
        to descriptor: Int32,
        target: String,
        temporaryPath: String,
        calls: SystemCalls
    ) throws(FileOperationError) {
        var written = 0
        var failure: FileOperationError?

        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = calls.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result > 0 {
                    written += result
                } else if result < 0 && errno == EINTR {
                    continue
                } else {
                    // A zero-byte write makes no progress, so treat it as a failure instead of spinning.
                    failure = FileOperationError(
                        path: target,
                        operation: "write temporary file '\(temporaryPath)'",
                        errno: result < 0 ? errno : 0,
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

    private static func sync(_ descriptor: Int32, target: String, temporaryPath: String, calls: SystemCalls) throws(FileOperationError) {
        while calls.fsync(descriptor) != 0 {
            if errno != EINTR {
                throw FileOperationError(path: target, operation: "fsync temporary file '\(temporaryPath)'", errno: errno)
            }
        }
    }

    /// Flushes the directory so the rename is durable. Filesystems that cannot flush a
    /// directory (EINVAL) are accepted, as the rename is as durable there as it gets.
    private static func syncDirectory(_ directory: String, calls: SystemCalls) throws(FileOperationError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileOperationError(
                path: directory,
                operation: "open directory for fsync",
                errno: errno,
                detail: "the new file is in place, but its rename may not survive a power loss"
            )
        }
        defer { _ = calls.close(descriptor) }

        while calls.fsync(descriptor) != 0 {
            if errno == EINTR {
                continue
            }
            if errno == EINVAL {
                return
            }
            throw FileOperationError(
                path: directory,
                operation: "fsync directory",
                errno: errno,
                detail: "the new file is in place, but its rename may not survive a power loss"
            )
        }
    }
}
