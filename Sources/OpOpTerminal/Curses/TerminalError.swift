/// The reason the terminal screen could not open. Each description is one line that
/// states what failed and what to do.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// The standard stream the screen needs.
    public enum Stream: String, Sendable {
        case standardInput = "standard input"
        case standardOutput = "standard output"
    }

    /// Standard input or output is not a terminal, for example a pipe or a file.
    case notATerminal(Stream)
    /// The `TERM` environment variable is unset or empty.
    case terminalTypeMissing
    /// The terminfo database has no entry for the terminal type.
    case terminalTypeUnknown(String)
    /// No terminfo database was found at all.
    case terminfoDatabaseMissing(String)
    /// The terminal type cannot move the cursor (for example `dumb`), so it cannot
    /// show a full-screen display.
    case terminalTypeLimited(String)
    /// `newterm` failed for a terminal type that passed every check before it.
    case initializationFailed(String)
    /// Another `TerminalScreen` in this process is still open.
    case alreadyOpen

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "\(stream.rawValue) is not a terminal; run opop-top directly in a terminal, without redirecting it"
        case .terminalTypeMissing:
            return "TERM is not set; set it to your terminal's type, for example TERM=xterm-256color"
        case .terminalTypeUnknown(let name):
            return "terminal type '\(name)' (from TERM) is not in the terminfo database; set TERM to a known type such as xterm-256color, or install its entry (Debian package ncurses-term)"
        case .terminfoDatabaseMissing(let name):
            return "no terminfo database was found for terminal type '\(name)'; install one (Debian package ncurses-base) or set TERMINFO to its directory"
        case .terminalTypeLimited(let name):
            return "terminal type '\(name)' (from TERM) cannot move the cursor, which a full-screen display needs; set TERM to a full-screen type such as xterm-256color"
        case .initializationFailed(let name):
            return "curses failed to start on terminal type '\(name)'; try TERM=xterm-256color"
        case .alreadyOpen:
            return "a terminal screen is already open in this process; close it before opening another"
        }
    }
}
