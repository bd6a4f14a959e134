#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A run opened from a path the user gave: where its records come from, and the run
/// directory that may hold its control socket.
public struct OpenedRun {
    public enum Kind: Sendable, Equatable {
        /// A JSON Lines trace, read by `TraceReader`.
        case trace
        /// An opop text log, read by `OpopLogReader`.
        case opopLog
    }

    public var source: RecordSource
    /// The directory that contains the trace and may contain `control.sock`, or nil for
    /// a text log, which is read-only.
    public var runDirectory: String?
    public var kind: Kind

    public init(source: RecordSource, runDirectory: String?, kind: Kind) {
        self.source = source
        self.runDirectory = runDirectory
        self.kind = kind
    }
}

/// Opens a run directory, a trace file or an opop text log for reading.
///
/// - A directory is a run when it contains `trace.jsonl`, or when it has no trace yet
///   but has `snapshots/` or `control.sock` (a trainer is starting), or when it is
///   empty (being created). Its trace is read, even before it exists.
/// - A file whose first non-blank line is a trace header is a trace. Its directory is
///   the run directory. An empty file whose name ends in `.jsonl` is a trace not yet
///   written.
/// - A file whose first lines include an opop progress, `[eval]`, `[ckpt]` or `[ctrl]`
///   line is an opop text log. A missing or empty file whose name ends in `.log` is a
///   log not yet written. So is a `.log` file shorter than the sniffed length that only
///   contains other text so far, such as a trainer's start-up banner.
///
/// Anything else throws an error that names the path and what was expected.
public func openRun(path: String) throws(RunPathError) -> OpenedRun {
    guard !path.isEmpty else {
        throw RunPathError.emptyPath
    }

    let status: POSIX.FileStatus
    switch POSIX.status(path: path) {
    case .success(let value):
        status = value
    case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
        if isLogName(path) {
            return OpenedRun(source: OpopLogReader(path: path), runDirectory: nil, kind: .opopLog)
        }
        throw RunPathError.notFound(path: path)
    case .failure(let error):
        throw RunPathError.unreadable(path: path, reason: error.text)
    }

    if status.isDirectory {
        return try openRunDirectory(path)
    }
    guard status.isRegularFile else {
        throw RunPathError.notARun(path: path)
    }

    switch try RunFileSniffer.sniff(path: path) {
    case .trace:
        return OpenedRun(source: TraceReader(path: path), runDirectory: parentDirectory(of: path), kind: .trace)
    case .opopLog:
        return OpenedRun(source: OpopLogReader(path: path), runDirectory: nil, kind: .opopLog)
    case .empty(let wholeFile) where wholeFile && isLogName(path),
         .otherText(let wholeFile) where wholeFile && isLogName(path):
        return OpenedRun(source: OpopLogReader(path: path), runDirectory: nil, kind: .opopLog)
    case .empty(let wholeFile) where wholeFile && path.hasSuffix(".jsonl"):
        return OpenedRun(source: TraceReader(path: path), runDirectory: parentDirectory(of: path), kind: .trace)
    case .unsupportedTrace(let reason):
        throw RunPathError.unsupportedTrace(path: path, reason: reason)
    case .empty, .otherText:
        throw RunPathError.notARun(path: path)
    }
}

/// Checks that the finished trace at `path` starts with a trace header, whichever way
/// the run was named.
///
/// `openRun(path:)` accepts a run directory whose `trace.jsonl` has no header yet,
/// because a live trainer may still be writing it. A replay reads finished files, so
/// there the same file is an error. Throws `RunPathError.notATrace` for a file whose
/// first non-blank line is not a header, and `.unsupportedTrace` for a header this
/// version cannot read.
public func checkFinishedTrace(path: String) throws(RunPathError) {
    switch try RunFileSniffer.sniff(path: path) {
    case .trace:
        return
    case .unsupportedTrace(let reason):
        throw RunPathError.unsupportedTrace(path: path, reason: reason)
    case .opopLog, .empty, .otherText:
        throw RunPathError.notATrace(path: path)
    }
}

private func openRunDirectory(_ path: String) throws(RunPathError) -> OpenedRun {
    let run = RunDirectory(existingPath: path)
    let opened = OpenedRun(source: TraceReader(path: run.tracePath), runDirectory: path, kind: .trace)

    if case .success = POSIX.status(path: run.tracePath) {
        // A trace of a newer version is rejected here, as it is when named directly,
        // so the user reads why before a screen opens.
        if case .unsupportedTrace(let reason) = try RunFileSniffer.sniff(path: run.tracePath) {
            throw RunPathError.unsupportedTrace(path: run.tracePath, reason: reason)
        }
        return opened
    }
    if RunDirectoryProbe.isWaitingRun(path) {
        return opened
    }
    switch RunDirectoryProbe.isEmpty(path) {
    case .success(true):
        return opened
    case .success(false):
        let race = RaceDirectory(existingPath: path)
        if race.brain.containsTrace && race.bare.containsTrace {
            throw RunPathError.raceDirectory(path: path)
        }
        throw RunPathError.notARun(path: path)
    case .failure(let error):
        throw RunPathError.unreadable(path: path, reason: error.text)
    }
}

private func isLogName(_ path: String) -> Bool {
    let name = path.split(separator: "/").last ?? ""
    return name.count > 4 && name.hasSuffix(".log")
}

/// Returns the directory part of `path`, or `.` for a bare file name.
private func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else {
        return "."
    }
    let parent = path[..<slash]
    return parent.isEmpty ? "/" : String(parent)
}
