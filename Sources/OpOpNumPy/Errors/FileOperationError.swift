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

    /// Extra context, such as the byte count of a short write or a hint for the fix.
    public var detail: String?

    public init(path: String, operation: String, errno: Int32, detail: String? = nil) {
        self.path = path
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// The system's text for `errno`, such as "No such file or directory". It is "Success"
    /// when `errno` is 0, so prefer `reason` in messages.
    public var errnoText: String {
        String(cString: strerror(errno))
    }

    /// The cause without the path and operation: the `errno` text and number, the detail,
    /// or both, such as "No space left on device (errno 28): wrote 0 of 418 bytes".
    public var reason: String {
        var parts: [String] = []
        if errno != 0 {
            parts.append("\(errnoText) (errno \(errno))")
        }
        if let detail {
            parts.append(detail)
        }
        return parts.isEmpty ? "unknown cause" : parts.joined(separator: ": ")
    }

    public var description: String {
        "\(operation) failed for '\(path)': \(reason)"
    }
}
