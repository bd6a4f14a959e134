/// The glyphs and colours a terminal can show, decided once when the screen opens.
///
/// Widgets pick glyphs from `supportsUnicode` (block and braille characters, or their
/// ASCII fallbacks) and may drop colour-only hints when `colorCount` is zero.
public struct TerminalCapabilities: Sendable, Hashable {
    /// Whether the locale's character encoding is UTF-8, so non-ASCII glyphs display.
    public var supportsUnicode: Bool

    /// The number of colours the screen uses: 0 when colour is off.
    public var colorCount: Int

    /// The reason colour is off, for display in a status line, or nil while colour is on.
    public var colorDisabledReason: String?

    public init(supportsUnicode: Bool, colorCount: Int, colorDisabledReason: String? = nil) {
        self.supportsUnicode = supportsUnicode
        self.colorCount = max(0, colorCount)
        self.colorDisabledReason = colorDisabledReason
    }

    public var supportsColor: Bool { colorCount > 0 }

    /// Decides the capabilities from the locale's codeset, the terminal's colour
    /// support and the environment.
    ///
    /// - Parameters:
    ///   - codeset: The value of `nl_langinfo(CODESET)` after `setlocale(LC_CTYPE, "")`,
    ///     such as `UTF-8` or `ANSI_X3.4-1968`.
    ///   - terminalColors: The terminal's colour count from terminfo, 0 when it has none.
    ///   - environment: The process environment. A non-empty `NO_COLOR` turns colour
    ///     off, following the convention at no-color.org.
    public static func detect(
        codeset: String,
        terminalColors: Int,
        environment: [String: String]
    ) -> TerminalCapabilities {
        let normalizedCodeset = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
        let supportsUnicode = normalizedCodeset == "utf8"

        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return TerminalCapabilities(supportsUnicode: supportsUnicode, colorCount: 0, colorDisabledReason: "NO_COLOR is set")
        }
        if terminalColors <= 0 {
            return TerminalCapabilities(supportsUnicode: supportsUnicode, colorCount: 0, colorDisabledReason: "terminal has no colours")
        }
        return TerminalCapabilities(supportsUnicode: supportsUnicode, colorCount: terminalColors)
    }
}
