#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading whole files into memory with plain system calls.
enum FileBytes {
    /// Returns the contents of the file at `path`.
    ///
    /// Throws `FileOperationError` naming the path and `errno` text when the file cannot
    /// be opened or read, or is a directory.
    static func read(path: String) throws(FileOperationError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileOperationError(path: path, operation: "open", errno: errno)
        }
        defer { _ = close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileOperationError(path: path, operation: "fstat", errno: errno)
        }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw FileOperationError(path: path, operation: "read", errno: EISDIR, detail: "pass the path of a file")
        }

        // The size is a hint only: the loop reads until end of file, so a file that grows
        // or shrinks meanwhile is still read whole.
        var bytes = [UInt8]()
        bytes.reserveCapacity(max(Int(status.st_size), 0))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw FileOperationError(path: path, operation: "read", errno: errno)
            }
        }
    }
}
