/// The reason a control client got no valid reply.
public enum ControlClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `control.sock` in the run directory: the run is read-only.
    case noSocket(path: String)
    /// `connect` failed with `ECONNREFUSED`: the socket was left behind by a trainer that died.
    case serverGone(path: String)
    /// No reply arrived in time. A brain-changing command stays queued and still takes effect.
    case timedOut(seconds: Double)
    /// A reply that is not valid per the control-socket specification, or none at all.
    case invalidReply(String)
    /// Any other failed system call, with its `strerror` text and the path.
    case system(String)

    public var description: String {
        switch self {
        case .noSocket(let path):
            return "no control socket at '\(path)': the run is read-only, because its trainer serves no socket or has ended"
        case .serverGone(let path):
            return "no trainer is serving '\(path)': the socket was left behind by a trainer that has ended"
        case .timedOut(let seconds):
            return "no reply within \(seconds) seconds; a command that changes the brain stays queued and takes effect at the trainer's next step"
        case .invalidReply(let reason):
            return "invalid reply from the trainer: \(reason)"
        case .system(let message):
            return message
        }
    }
}
