#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks into directories to tell run directories from other ones.
enum RunDirectoryProbe {
    /// Returns whether `path` has no trace yet but the `snapshots/` folder or the
    /// `control.sock` that a starting trainer creates.
    static func isWaitingRun(_ path: String) -> Bool {
        let run = RunDirectory(existingPath: path)
        if case .success(let status) = POSIX.status(path: run.snapshotsPath), status.isDirectory {
            return true
        }
        if case .success = POSIX.status(path: path + "/control.sock") {
            return true
        }
        return false
    }

    /// Returns whether `path` is a run directory: it contains `trace.jsonl`, or it is
    /// a waiting run.
    static func isRun(_ path: String) -> Bool {
        if case .success = POSIX.status(path: RunDirectory(existingPath: path).tracePath) {
            return true
        }
        return isWaitingRun(path)
    }

    /// Returns whether the directory has no entries other than `.` and `..`.
    static func isEmpty(_ path: String) -> Result<Bool, POSIXCallError> {
        listEntries(path).map(\.isEmpty)
    }

    /// Returns the names in a directory, without `.` and `..`, in no particular order.
    static func listEntries(_ path: String) -> Result<[String], POSIXCallError> {
        guard let directory = opendir(path) else {
            return .failure(POSIXCallError(code: errno))
        }
        defer { closedir(directory) }

        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                names.append(name)
            }
        }
        return .success(names)
    }
}
