/// The reason a trace file or a text log could not be read.
public enum TraceReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist when it was expected to be complete.
    case notFound(path: String)
    /// `open` failed for another reason, such as missing permission.
    case openFailed(path: String, reason: String)
    /// `read`, `stat` or `lseek` failed on the open file.
    case readFailed(path: String, reason: String)
    /// A line shows that the whole file cannot be read, such as a header with a newer
    /// major version or another format name.
    case unreadableTrace(path: String, TraceDecodingError)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "'\(path)' not found; check the run directory or log path"
        case .openFailed(let path, let reason):
            return "cannot open '\(path)': \(reason)"
        case .readFailed(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unreadableTrace(let path, let error):
            return "cannot read trace file '\(path)': \(error)"
        }
    }
}
