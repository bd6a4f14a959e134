import Foundation
import OpOpTrace

extension RunRecorder {
    /// The environment variable through which `opop-top run -- COMMAND` passes a trainer
    /// the run directory to record into.
    public static let runDirectoryVariable = "OPOP_RUN_DIR"

    /// Chooses and prepares the run directory of a recorder.
    ///
    /// When `OPOP_RUN_DIR` is set and not empty, that directory wins, because the
    /// `opop-top` that set it watches it: it is created when missing, and an existing
    /// trace is appended to. Otherwise `path` is used as `RunDirectory.create` does, or
    /// with `appending` as `RunDirectory.openForAppending` does, and with no `path` a new
    /// directory `runs/<yyyyMMdd-HHmmss>-<workload>` is made.
    public static func prepareRunDirectory(
        path: String?,
        workload: String,
        appending: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: Date = Date()
    ) throws(RunDirectoryError) -> RunDirectory {
        if let fromEnvironment = environment[runDirectoryVariable], !fromEnvironment.isEmpty {
            return try RunDirectory.openForAppending(path: fromEnvironment)
        }
        if let path, appending {
            return try RunDirectory.openForAppending(path: path)
        }
        return try RunDirectory.create(path: path, workload: workload, now: now)
    }
}
