#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call on a file that failed, with the path, the step and the `errno`.
public struct FileOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the operation was on.
    public var path: String

    /// The step that failed, such as `open`, `write` or `rename`.
    public var operation: String

    /// The `errno` value the call set, or 0 when the failure has no `errno`.
    public var errno: Int32

    /// Extra detail for failures without an `errno`, such as a short write.
    public var detail: String?

    public init(path: String, operation: String, errno: Int32, detail: String? = nil) {
        self.path = path
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// The system's text for `errno`, such as "No such file or directory".
    public var errnoText: String {
        String(cString: strerror(errno))
    }

    public var description: String {
        var text = "\(operation) failed for '\(path)'"
        if errno != 0 {
            text += ": \(errnoText) (errno \(errno))"
        }
        if let detail {
            text += ": \(detail)"
        }
        return text
    }
}
