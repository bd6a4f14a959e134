import OpOpTrace

/// The reason a run recorder could not start. Each case wraps the error of the part
/// that failed, whose message names the path.
public enum RunRecorderError: Error, Sendable, Equatable, CustomStringConvertible {
    case runDirectory(RunDirectoryError)
    case traceWriter(TraceWriterError)
    case controlServer(ControlServerError)
    /// The header's groups differ from the brain's, so commands would reset the wrong group.
    case groupMismatch(header: [String], brain: [String])

    public var description: String {
        switch self {
        case .runDirectory(let error):
            return "\(error)"
        case .traceWriter(let error):
            return "\(error)"
        case .controlServer(let error):
            return "\(error)"
        case .groupMismatch(let header, let brain):
            return "the trace header lists groups \(header.joined(separator: ", ")) but the brain has \(brain.joined(separator: ", ")); "
                + "build the header from the brain's group names"
        }
    }
}
