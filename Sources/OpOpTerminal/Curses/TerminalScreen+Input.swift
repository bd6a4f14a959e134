@preconcurrency import CNcursesw
import OpOpDashboard

extension TerminalScreen {
    public func readKey(timeout: Duration?) -> Key? {
        guard isOpen else { return nil }
        wtimeout(stdscr, Self.milliseconds(timeout))

        var input: wint_t = 0
        switch wget_wch(stdscr, &input) {
        case KEY_CODE_YES:
            return KeyDecoder.decode(keyCode: Int32(bitPattern: input))
        case OK:
            return KeyDecoder.decode(character: input)
        default:
            // ERR: the timeout passed, or a signal interrupted the wait.
            return nil
        }
    }

    /// Converts a timeout to the milliseconds `wtimeout` takes: -1 blocks, and longer
    /// waits are capped at `Int32.max` milliseconds (about 24 days).
    static func milliseconds(_ timeout: Duration?) -> Int32 {
        guard let timeout else { return -1 }
        let (seconds, attoseconds) = timeout.components
        guard seconds >= 0 else { return 0 }
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return Int32.max }
        return Int32(clamping: total.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}
