import OpOpDashboard

/// The number of columns and rows a screen shows.
public struct ScreenSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The size as `WIDTHxHEIGHT`, for example `100x30`.
    public var description: String { "\(width)x\(height)" }
}

/// A full-screen display that shows grids and reads keys.
///
/// `TerminalScreen` is the curses implementation and `FakeScreen` the one for tests,
/// so a UI loop written against this protocol runs without a terminal.
///
/// Implementations are not thread-safe: call every member from the thread that
/// created the screen.
public protocol Screen: AnyObject {
    /// The current size. It changes after `readKey` returns `.resize`.
    var size: ScreenSize { get }

    /// The glyphs and colours the screen can show, fixed when the screen opens.
    var capabilities: TerminalCapabilities { get }

    /// The signal number of a pending SIGINT, SIGTERM or SIGHUP, or nil.
    ///
    /// A UI loop checks this at least once per `readKey` timeout, closes the screen
    /// and exits, conventionally with status 128 plus the signal number. For
    /// `TerminalScreen`, a second signal that arrives before the loop has closed the
    /// screen restores the terminal and ends the process.
    var terminationSignal: Int32? { get }

    /// Shows `grid`, replacing the previous frame.
    ///
    /// Cells beyond the screen's size are not drawn, and the rest of a smaller grid's
    /// screen area is left blank.
    func draw(_ grid: Grid)

    /// Waits up to `timeout` for a key press, or without limit when `timeout` is nil.
    ///
    /// Returns nil when the timeout passes, when a signal interrupts the wait, or when
    /// the key has no `Key` equivalent (for example Delete or Insert).
    func readKey(timeout: Duration?) -> Key?
}
