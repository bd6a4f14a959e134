@preconcurrency import CNcursesw
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import OpOpDashboard
import Synchronization

/// The curses screen: the only type in the package that talks to the terminal.
///
/// Open it with `open(options:)`, draw grids and read keys, then call `close()`, which
/// restores the terminal (cursor, echo, line mode, main screen) and writes out what
/// went to standard error meanwhile. `deinit` closes too, but an explicit `close()`
/// lets the caller print after the screen is gone.
///
/// curses is not thread-safe, so every member must be called on the thread that
/// opened the screen. The type is not `Sendable`, which makes the compiler reject
/// passing it to another isolation domain. Other threads hand data to this thread as
/// `Sendable` values, for example a `Grid`. Never write to standard output while the
/// screen is open.
public final class TerminalScreen: Screen {
    public let capabilities: TerminalCapabilities

    /// Whether the screen is open, which it stops being at `close()`.
    public private(set) var isOpen: Bool

    private let cursesScreen: OpaquePointer
    private let previousCursorVisibility: Int32
    var colorPairs: ColorPairTable?
    let rowRenderer: RowRenderer
    var appliedStyle: Style?
    /// The grid and screen size of the last frame written, so an unchanged frame costs
    /// no curses calls: an idle dashboard redraws every few hundred milliseconds.
    var lastFrame: (grid: Grid, size: ScreenSize)?

    /// Whether some `TerminalScreen` in the process is open, because the signal
    /// handlers and the standard-error capture exist once per process.
    private static let anyOpen = Atomic<Bool>(false)

    /// Opens the terminal for full-screen drawing.
    ///
    /// Sets `LC_CTYPE` from the environment, so UTF-8 glyphs display. Checks that
    /// standard input and output are a terminal with a terminfo entry that can move the
    /// cursor. Then installs the signal handlers, starts capturing standard error, and
    /// starts curses with `newterm`. `initscr` is not used because it exits the process
    /// on an unknown terminal type.
    ///
    /// - Throws: `TerminalError`, whose description is one line for the user.
    public static func open(options: TerminalOptions = TerminalOptions()) throws -> TerminalScreen {
        let terminalType = try checkStreams(
            standardInputIsTerminal: isatty(STDIN_FILENO) == 1,
            standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1,
            environment: options.environment
        )
        guard anyOpen.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged else {
            throw TerminalError.alreadyOpen
        }

        do {
            try checkTerminfo(for: terminalType)
            return try TerminalScreen(terminalType: terminalType, options: options)
        } catch {
            anyOpen.store(false, ordering: .sequentiallyConsistent)
            throw error
        }
    }

    /// Checks that both standard streams are terminals and that `TERM` is set, and
    /// returns the terminal type.
    static func checkStreams(
        standardInputIsTerminal: Bool,
        standardOutputIsTerminal: Bool,
        environment: [String: String]
    ) throws(TerminalError) -> String {
        guard standardInputIsTerminal else { throw .notATerminal(.standardInput) }
        guard standardOutputIsTerminal else { throw .notATerminal(.standardOutput) }
        guard let terminalType = environment["TERM"], !terminalType.isEmpty else {
            throw .terminalTypeMissing
        }
        return terminalType
    }

    /// Loads the terminfo entry on its own, without touching the terminal, to tell an
    /// unknown type from one that cannot run a full-screen display.
    static func checkTerminfo(for terminalType: String) throws(TerminalError) {
        var status: Int32 = 0
        guard setupterm(terminalType, STDOUT_FILENO, &status) == OK else {
            if status == -1 {
                throw .terminfoDatabaseMissing(terminalType)
            }
            throw .terminalTypeUnknown(terminalType)
        }
        let canMoveCursor = opop_curses_has_string_capability("cup") == 1
        del_curterm(cur_term)

        guard canMoveCursor else {
            throw .terminalTypeLimited(terminalType)
        }
    }

    private init(terminalType: String, options: TerminalOptions) throws {
        setlocale(LC_CTYPE, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""

        SignalRelay.install()
        if options.capturesStandardError {
            StandardErrorCapture.start()
        }

        guard let screen = newterm(nil, stdout, stdin) else {
            SignalRelay.uninstall()
            StandardErrorCapture.finish()
            throw TerminalError.initializationFailed(terminalType)
        }
        cursesScreen = screen
        SignalRelay.cursesActive.store(true, ordering: .sequentiallyConsistent)

        // cbreak keeps Ctrl-C, Ctrl-Z and Ctrl-\ as signals, nonl makes Enter arrive as
        // carriage return, and keypad decodes arrow and function keys into KEY_* codes.
        cbreak()
        noecho()
        nonl()
        intrflush(stdscr, false)
        keypad(stdscr, true)
        set_escdelay(options.escapeDelayMilliseconds)
        previousCursorVisibility = curs_set(0)
        // Keys typed before the screen opened (a `q` pressed during a long build) would
        // otherwise act on a dashboard the user has not seen yet.
        flushinp()

        let colorsAllowed = (options.environment["NO_COLOR"] ?? "").isEmpty
        var terminalColors = 0
        if colorsAllowed && has_colors() {
            start_color()
            let usesDefaultColors = use_default_colors() == OK
            terminalColors = Int(COLORS)
            colorPairs = ColorPairTable(colorPairs: Int(COLOR_PAIRS), usesDefaultColors: usesDefaultColors)
        }

        capabilities = TerminalCapabilities.detect(
            codeset: codeset,
            terminalColors: terminalColors,
            environment: options.environment
        )
        rowRenderer = RowRenderer(supportsUnicode: capabilities.supportsUnicode) { scalar in
            Int(opop_display_width(wchar_t(bitPattern: scalar.value)))
        }
        isOpen = true
    }

    deinit {
        close()
    }

    /// Restores the terminal and writes out the captured standard error. Calling it
    /// again does nothing.
    public func close() {
        guard isOpen else { return }
        isOpen = false

        if previousCursorVisibility != ERR {
            curs_set(previousCursorVisibility)
        }
        SignalRelay.cursesActive.store(false, ordering: .sequentiallyConsistent)
        endwin()
        delscreen(cursesScreen)

        SignalRelay.uninstall()
        StandardErrorCapture.finish()
        Self.anyOpen.store(false, ordering: .sequentiallyConsistent)
    }

    public var size: ScreenSize {
        guard isOpen else { return ScreenSize(width: 0, height: 0) }
        return ScreenSize(width: Int(getmaxx(stdscr)), height: Int(getmaxy(stdscr)))
    }

    public var terminationSignal: Int32? {
        let signal = SignalRelay.pendingTermination.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }
}
