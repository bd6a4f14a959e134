#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write the trace, reported through `TraceWriter.lastError` and the
/// writer's error handler instead of being thrown at the trainer.
public struct TraceWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case open
        case write
        case sync
        case close
    }

    /// The file, or for another sink its description.
    public var path: String
    public var operation: Operation
    /// The system's explanation, such as "No space left on device".
    public var reason: String
    /// The `errno` value when a system call failed.
    public var code: Int32?

    public init(path: String, operation: Operation, reason: String, code: Int32? = nil) {
        self.path = path
        self.operation = operation
        self.reason = reason
        self.code = code
    }

    public var description: String {
        let action: String
        switch operation {
        case .open: action = "cannot open trace file"
        case .write: action = "cannot write trace file"
        case .sync: action = "cannot flush trace file to disk"
        case .close: action = "cannot close trace file"
        }
        return "\(action) '\(path)': \(reason); \(advice)"
    }

    /// The advice for the user, chosen by the `errno` value.
    private var advice: String {
        switch code {
        case ENOSPC?, EDQUOT?:
            return "free disk space or choose another --run-dir"
        case ENOENT?, ENOTDIR?:
            return "check that the run directory exists or choose another --run-dir"
        case EACCES?, EPERM?, EROFS?:
            return "check the permissions of the run directory or choose another --run-dir"
        default:
            return "check the disk or choose another --run-dir"
        }
    }
}
