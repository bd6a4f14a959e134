/// The user's display choices: everything about the screen that is not run data.
public struct ViewState: Sendable, Equatable {
    public enum Overlay: Sendable, Equatable {
        case none
        case help
        /// The "Reset all N groups?" question, answered with y or n.
        case confirmResetAll
        /// The question asked on quit while a trainer started by opop-top runs: y stops
        /// it, n leaves it running, and any other key cancels.
        case confirmQuit
    }

    /// Index into `RunHistory.groupNames` of the highlighted group row.
    public var selectedGroup = 0
    /// Index of the first group row shown when the groups do not all fit.
    public var groupScrollOffset = 0
    /// Group rows that fit on the screen, used for PgUp and PgDn. The app sets it from
    /// `DashboardLayout.groupRows` after each resize. Rendering keeps the selection
    /// visible whatever this value is.
    public var groupPageSize = 10
    public var logScale = false
    public var isPaused = false
    /// Index into `TimeWindow.choices`.
    public var timeWindowIndex = TimeWindow.defaultIndex
    public var overlay = Overlay.none
    /// Shows the trainer's output panel when the run has one (`o` toggles it).
    public var showsOutput = true
    /// Makes `q` ask whether to stop the trainer first. The app sets it while a trainer
    /// it started is running.
    public var asksBeforeQuit = false
    /// A message from the app, such as where a snapshot was saved or why it failed.
    /// While set, it replaces the key hints on the bottom line, so the app should clear
    /// it after a few seconds.
    public var statusMessage: String?

    public init() {}

    public var timeWindow: StepWindow { TimeWindow.window(at: timeWindowIndex) }

    /// Returns the scroll offset that shows the selected group among `visibleRows`
    /// rows, moving the stored offset as little as possible.
    public func scrollOffset(visibleRows: Int, groupCount: Int) -> Int {
        guard visibleRows > 0, groupCount > visibleRows else { return 0 }

        let selected = min(max(selectedGroup, 0), groupCount - 1)
        var offset = min(max(groupScrollOffset, 0), groupCount - visibleRows)
        if selected < offset { offset = selected }
        if selected >= offset + visibleRows { offset = selected - visibleRows + 1 }
        return offset
    }
}
