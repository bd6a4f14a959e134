import Foundation

/// The directory of a race (`opop-top run --race`): one run directory for each side.
///
/// ```
/// runs/20250114-093012-digits-race/
///     brain/        the optimizer wrapped by the brain
///         trace.jsonl
///         snapshots/
///     bare/         the bare optimizer
///         trace.jsonl
///         snapshots/
/// ```
///
/// Each side is a complete run directory, so `opop-top replay DIR/brain DIR/bare`
/// overlays the two, and `attach` or the export commands read either one.
public struct RaceDirectory: Sendable, Equatable {
    /// The directory that contains both sides, as given or as built from the runs root.
    public let path: String
    public let brain: RunDirectory
    public let bare: RunDirectory

    /// The names of the two sides' directories inside `path`.
    public static let brainName = "brain"
    public static let bareName = "bare"

    /// Opens `path` as a race directory without creating or checking anything.
    public init(existingPath path: String) {
        self.path = path
        brain = RunDirectory(existingPath: path + "/" + Self.brainName)
        bare = RunDirectory(existingPath: path + "/" + Self.bareName)
    }

    /// Creates the race directory and a run directory for each side in it.
    ///
    /// - Parameters:
    ///   - path: The directory to use, from `--run-dir`. Missing parents are created.
    ///     It is rejected when it contains a `trace.jsonl` itself (it is a single run)
    ///     or when either side's directory does. When nil, the directory is
    ///     `<runsRoot>/<yyyyMMdd-HHmmss>-<workload>-race`, with `-2`, `-3`, … appended
    ///     when that name is taken.
    ///   - workload: The workload name for the default directory name.
    ///   - now: The start time for the default name.
    ///   - runsRoot: The parent of default directories.
    ///   - timeZone: The time zone of the timestamp in the default name.
    public static func create(
        path: String?,
        workload: String,
        now: Date,
        runsRoot: String = "runs",
        timeZone: TimeZone = .current
    ) throws(RunDirectoryError) -> RaceDirectory {
        let directory: String
        if let path {
            guard !path.isEmpty else {
                throw RunDirectoryError.creationFailed(path: path, reason: "the path is empty")
            }
            if RunDirectory(existingPath: path).containsTrace {
                throw RunDirectoryError.containsTrace(path: path)
            }
            directory = path
        } else {
            // `mkdir` picks the free name, as for a single run, so two races started in
            // the same second get directories of their own.
            let root = runsRoot.isEmpty ? "." : runsRoot
            let name = RunDirectory.defaultName(workload: workload, now: now, timeZone: timeZone) + "-race"
            try RunDirectory.createDirectories(root)
            directory = try RunDirectory.createFreshDirectory(base: root + "/" + name)
        }

        let race = RaceDirectory(existingPath: directory)
        _ = try RunDirectory.create(path: race.brain.path, workload: workload, now: now)
        _ = try RunDirectory.create(path: race.bare.path, workload: workload, now: now)
        return race
    }
}
