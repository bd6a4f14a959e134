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
/// `control.sock`. Its age is the modification time of its trace, or of the
/// directory itself before the trace exists. Names that start with `.` are skipped. Of
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

    var newest: (path: String, name: String, time: Double)?
    for name in names where !name.hasPrefix(".") {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        guard case .success(let status) = POSIX.status(path: path), status.isDirectory,
              RunDirectoryProbe.isRun(path)
        else {
            continue
        }

        var time = status.modificationTime
        if case .success(let trace) = POSIX.status(path: RunDirectory(existingPath: path).tracePath) {
            time = trace.modificationTime
        }
        if let current = newest, (current.time, current.name) >= (time, name) {
            continue
        }
        newest = (path, name, time)
    }

    guard let newest else {
        throw RunPathError.noRuns(directory: directory)
    }
    return newest.path
}
