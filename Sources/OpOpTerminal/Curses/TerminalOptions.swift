import Foundation

/// Settings for `TerminalScreen.open`.
public struct TerminalOptions: Sendable {
    /// The environment read for `TERM` and `NO_COLOR`. The locale comes from the
    /// process's own `LC_ALL`, `LC_CTYPE` and `LANG`, which `setlocale` reads.
    public var environment: [String: String]

    /// The maximum wait, in milliseconds, after an Escape byte for the rest of an
    /// escape sequence. Shorter makes Esc respond faster, and longer suits slow links.
    public var escapeDelayMilliseconds: Int32

    /// Whether to send standard error to a temporary file while the screen is open and
    /// write it out after the screen closes.
    public var capturesStandardError: Bool

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        escapeDelayMilliseconds: Int32 = 25,
        capturesStandardError: Bool = true
    ) {
        self.environment = environment
        self.escapeDelayMilliseconds = escapeDelayMilliseconds
        self.capturesStandardError = capturesStandardError
    }
}
