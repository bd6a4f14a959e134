#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Returns the run directory under `directory` that changed last, for a command that
/// was given no run path.
///
/// A subdirectory counts as a run when it contains `trace.jsonl`, `snapshots/` or
/// `control.sock`. Runs with a trace or a socket come first. The age of a run is the
/// modification time of its trace, or of the directory when it has no trace. Names that start with `.` are skipped. Of
/// two runs with the same time, the one whose name sorts last wins, because default
/// run names start with their start time.
///
/// - Returns: `directory + "/" + name` of the newest run.
public func newestRun(under directory: String) throws(RunPathError) -> String {
    let names: [String]
    switch RunDirectoryProbe.listEntries(directory) {
    case .success(let value):
        names = value
    case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
        throw RunPathError.noRuns(directory: directory)
    case .failure(let error):
        throw RunPathError.unreadable(path: directory, reason: error.text)
    }

    var newest: (path: String, name: String, time: Double, hasTrace: Bool)?
    for name in names where !name.hasPrefix(".") {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        guard case .success(let status) = POSIX.status(path: path), status.isDirectory,
              RunDirectoryProbe.isRun(path)
        else {
            continue
        }

        var time = status.modificationTime
        var hasTrace = false
        if case .success(let trace) = POSIX.status(path: RunDirectory(existingPath: path).tracePath) {
            time = trace.modificationTime
            hasTrace = true
        } else if case .success = POSIX.status(path: path + "/control.sock") {
            // A trainer that serves its socket but has not written its header yet.
            hasTrace = true
        }
        // A run with a trace or a socket beats one without, whatever their times: a
        // directory with neither is often a command that exited before recording.
        if let current = newest, (current.hasTrace ? 1 : 0, current.time, current.name) >= (hasTrace ? 1 : 0, time, name) {
            continue
        }
        newest = (path, name, time, hasTrace)
    }

    guard let newest else {
        throw RunPathError.noRuns(directory: directory)
    }
    return newest.path
}
