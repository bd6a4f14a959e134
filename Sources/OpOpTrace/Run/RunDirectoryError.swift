/// The reason a run directory could not be prepared. Each message names the path and
/// what failed, and suggests choosing another `--run-dir`.
public enum RunDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path exists and is not a directory.
    case notADirectory(path: String)
    /// The directory already contains a trace, which a new run would mix into.
    case containsTrace(path: String)
    /// `mkdir` failed, for example because a parent is a regular file.
    case creationFailed(path: String, reason: String)
    /// The directory exists but a probe file could not be created and removed in it.
    case notWritable(path: String, reason: String)
    /// Every suffix up to the limit was taken.
    case noFreeName(base: String, lastTried: String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            return "run directory '\(path)' exists and is not a directory; choose another --run-dir"
        case .containsTrace(let path):
            return "run directory '\(path)' already contains a trace from an earlier run; "
                + "choose another --run-dir or remove the old one"
        case .creationFailed(let path, let reason):
            return "cannot create run directory '\(path)': \(reason); choose another --run-dir"
        case .notWritable(let path, let reason):
            return "run directory '\(path)' is not writable: \(reason); choose another --run-dir"
        case .noFreeName(let base, let lastTried):
            return "cannot find a free run directory name: '\(base)' through '\(lastTried)' all exist; "
                + "remove old runs or choose another --run-dir"
        }
    }
}
