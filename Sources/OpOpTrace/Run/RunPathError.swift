/// The reason a path given to `openRun(path:)` or a folder given to `newestRun(under:)`
/// cannot be opened as a run. Each message names the path and what to do.
public enum RunPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is empty.
    case emptyPath
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path exists but is neither a run directory, a trace nor an opop text log.
    case notARun(path: String)
    /// The path could not be examined, for example for lack of permission.
    case unreadable(path: String, reason: String)
    /// The file starts with a trace header this version cannot read, such as a newer
    /// major version.
    case unsupportedTrace(path: String, reason: String)
    /// The folder contains no run directory.
    case noRuns(directory: String)
    /// A finished trace file whose first non-blank line is not a trace header.
    case notATrace(path: String)
    /// The directory of a race (`opop-top run --race`), which contains a run for each
    /// side instead of a trace.
    case raceDirectory(path: String)

    public var description: String {
        switch self {
        case .emptyPath:
            return "the run path is empty; name a run directory, a trace file or an opop text log"
        case .notFound(let path):
            return "'\(path)' does not exist; name a run directory, a trace file or an opop text log"
        case .notARun(let path):
            return "'\(path)' is not a run directory or a known log: expected a directory with trace.jsonl, "
                + "an opop-trace JSON Lines file, or an opop text log with lines like '[120/50000] … loss=…'"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unsupportedTrace(let path, let reason):
            return "cannot read the trace '\(path)': \(reason)"
        case .noRuns(let directory):
            return "no runs under \(directory); start one with 'opop-top run' or name a run directory"
        case .raceDirectory(let path):
            let race = RaceDirectory(existingPath: path)
            return "'\(path)' is a race of two runs, not one run; name one of them, such as '\(race.brain.path)', "
                + "or replay both with 'opop-top replay \(race.brain.path) \(race.bare.path)'"
        case .notATrace(let path):
            return "'\(path)' is not a trace: its first line is not an opop-trace header; "
                + "replay the trace.jsonl a trainer wrote, or an opop text log"
        }
    }
}
