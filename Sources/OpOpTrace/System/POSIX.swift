#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the libc calls this module makes, so callers see Swift values and
/// error texts instead of return codes and `errno`.
enum POSIX {
    /// Returns the C library's text for an `errno` value, such as "No space left on device".
    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        return String(cString: text)
    }

    /// The identity of a file: a replaced file has a new inode even at the same path.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    struct FileStatus {
        var identity: FileIdentity
        var size: Int
        var isDirectory: Bool
        var isRegularFile: Bool
        /// The last modification, in seconds since the epoch.
        var modificationTime: Double
    }

    /// Returns the status of the file at `path`, or the `errno` of the failed `stat`.
    static func status(path: String) -> Result<FileStatus, POSIXCallError> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        return .success(FileStatus(info))
    }

    /// Returns the status of an open file descriptor.
    static func status(descriptor: Int32) -> Result<FileStatus, POSIXCallError> {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        return .success(FileStatus(info))
    }

    /// Writes every byte, retrying after interruptions and short writes.
    ///
    /// On failure the error carries how many bytes reached the file before it.
    static func writeAll(descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Result<Void, PartialWriteError> {
        guard var next = bytes.baseAddress else {
            return .success(())
        }
        var remaining = bytes.count

        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                return .failure(PartialWriteError(code: errno, writtenByteCount: bytes.count - remaining))
            }
            next += written
            remaining -= written
        }
        return .success(())
    }

    /// Reads up to `count` bytes into `buffer`, retrying after interruptions.
    /// Returns 0 at the end of the file.
    static func readChunk(descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, POSIXCallError> {
        while true {
            let result = read(descriptor, buffer, count)
            if result >= 0 {
                return .success(result)
            }
            if errno != EINTR {
                return .failure(POSIXCallError(code: errno))
            }
        }
    }

    /// Reads up to `count` bytes at `offset` without moving the file position.
    static func readChunk(descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, offset: Int) -> Result<Int, POSIXCallError> {
        while true {
            let result = pread(descriptor, buffer, count, off_t(offset))
            if result >= 0 {
                return .success(result)
            }
            if errno != EINTR {
                return .failure(POSIXCallError(code: errno))
            }
        }
    }

    /// Closes a descriptor. Linux releases it even when `close` reports an error, so a
    /// failed close must not be retried.
    static func closeDescriptor(_ descriptor: Int32) -> Result<Void, POSIXCallError> {
        guard close(descriptor) == 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        return .success(())
    }

    /// Calls `fsync`, retrying after interruptions.
    static func synchronize(descriptor: Int32) -> Result<Void, POSIXCallError> {
        while fsync(descriptor) != 0 {
            if errno != EINTR {
                return .failure(POSIXCallError(code: errno))
            }
        }
        return .success(())
    }
}

/// The `errno` of a failed libc call.
struct POSIXCallError: Error, Equatable {
    var code: Int32

    var text: String {
        POSIX.describe(errno: code)
    }
}

/// A `write` that failed after `writtenByteCount` bytes had reached the file.
struct PartialWriteError: Error, Equatable {
    var code: Int32
    var writtenByteCount: Int

    var text: String {
        POSIX.describe(errno: code)
    }
}

extension POSIX.FileStatus {
    init(_ info: stat) {
        let kind = info.st_mode & S_IFMT
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        self.init(
            identity: POSIX.FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
            size: Int(info.st_size),
            isDirectory: kind == S_IFDIR,
            isRegularFile: kind == S_IFREG,
            modificationTime: Double(modified.tv_sec) + Double(modified.tv_nsec) / 1e9
        )
    }
}
