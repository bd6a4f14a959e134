#if canImport(Glibc)
import Glibc
#endif
import OpOpDashboard

/// A screen that plays a script of input events and records every frame, for tests
/// of UI loops without a terminal.
public final class FakeScreen: Screen {
    /// One step of the input script that `readKey` plays back.
    public enum Event: Sendable, Hashable {
        /// A key press.
        case key(Key)
        /// The terminal changes to this size, and `readKey` returns `.resize`.
        case resize(ScreenSize)
        /// A termination signal arrives, and `readKey` returns nil.
        case signal(Int32)
        /// The timeout passes with no key, and `readKey` returns nil.
        case timeout
    }

    public private(set) var size: ScreenSize
    public let capabilities: TerminalCapabilities
    public private(set) var terminationSignal: Int32?

    /// Every grid passed to `draw`, oldest first.
    public private(set) var frames: [Grid] = []

    /// The events `readKey` has not played yet.
    public private(set) var pendingEvents: [Event]

    /// The timeouts `readKey` was called with, oldest first.
    public private(set) var requestedTimeouts: [Duration?] = []

    /// Creates a fake screen that plays `events` in order.
    ///
    /// Once the script is used up, the screen reports SIGHUP as pending, as if the
    /// terminal had been closed, so a loop under test always ends.
    public init(
        size: ScreenSize = ScreenSize(width: 80, height: 24),
        capabilities: TerminalCapabilities = TerminalCapabilities(supportsUnicode: true, colorCount: 8),
        events: [Event] = []
    ) {
        self.size = size
        self.capabilities = capabilities
        self.pendingEvents = events
    }

    /// The most recent frame, or nil before the first `draw`.
    public var lastFrame: Grid? { frames.last }

    public func draw(_ grid: Grid) {
        frames.append(grid)
    }

    public func readKey(timeout: Duration?) -> Key? {
        requestedTimeouts.append(timeout)

        guard !pendingEvents.isEmpty else {
            terminationSignal = terminationSignal ?? SIGHUP
            return nil
        }

        switch pendingEvents.removeFirst() {
        case .key(let key):
            return key
        case .resize(let newSize):
            size = newSize
            return .resize
        case .signal(let number):
            terminationSignal = number
            return nil
        case .timeout:
            return nil
        }
    }
}
