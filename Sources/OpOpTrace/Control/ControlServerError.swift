/// The reason a control server could not start. Each message names the socket's path.
public enum ControlServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `connect` to the existing socket succeeded: a live trainer serves the directory.
    case alreadyServed(path: String)
    /// `control.sock` exists and is not a socket, so it is not removed.
    case notASocket(path: String)
    /// A system call failed; `operation` names it, such as `bind`.
    case systemCallFailed(path: String, operation: String, reason: String)
    /// The socket file did not end up with mode 0600.
    case permissionsNotRestricted(path: String, mode: UInt32)

    public var description: String {
        switch self {
        case .alreadyServed(let path):
            return "another trainer already serves the control socket '\(path)'; stop that trainer or choose another run directory"
        case .notASocket(let path):
            return "'\(path)' exists and is not a socket; remove it or choose another run directory"
        case .systemCallFailed(let path, let operation, let reason):
            return "cannot serve the control socket '\(path)': \(operation) failed: \(reason)"
        case .permissionsNotRestricted(let path, let mode):
            return "the control socket '\(path)' has mode \(String(mode, radix: 8)) instead of 600, so other users could send commands; "
                + "check the file system of the run directory"
        }
    }
}
