/// Whether the trainer behind a watched run is still at work, as the status line
/// shows it.
public enum RunState: Sendable, Equatable {
    /// Records arrive, or the trainer replies on its control socket.
    case live
    /// No record for `seconds`, and no reply that shows the trainer is alive.
    case stale(seconds: Double)
    /// The trainer finished or died. `detail` describes how when that is known, for
    /// example "exit status 0" or "the trainer is gone".
    case ended(detail: String?)

    public var hasEnded: Bool {
        if case .ended = self { return true }
        return false
    }
}

/// The app's information about a watched run besides its records: the run state, how
/// the reading of a long trace is going, corrupt lines, and the trainer's output.
///
/// `opop-top run` with a built-in workload leaves every field at its default, and the
/// screen then looks as it always did.
public struct SessionStatus: Sendable, Equatable {
    /// The state badge on the status line, or nil for a run trained in this process.
    public var runState: RunState?
    /// Records read so far while the viewer catches up with an existing trace, or nil
    /// once it has caught up.
    public var catchingUpRecords: Int?
    /// Trace lines that did not decode and were skipped.
    public var corruptLineCount = 0
    /// The last lines of the trainer's output, oldest first, or nil when the run has no
    /// output log to show.
    public var outputLines: [String]?
    /// The playback state of `opop-top replay`, or nil for a live or watched run.
    public var replay: ReplayStatus?

    public init(
        runState: RunState? = nil,
        catchingUpRecords: Int? = nil,
        corruptLineCount: Int = 0,
        outputLines: [String]? = nil,
        replay: ReplayStatus? = nil
    ) {
        self.runState = runState
        self.catchingUpRecords = catchingUpRecords
        self.corruptLineCount = corruptLineCount
        self.outputLines = outputLines
        self.replay = replay
    }
}
