import OpOpTerminal

/// The terminal could not be used for a command's screen; the reason is already printed.
struct ScreenUnavailable: Error {}

/// Opens the terminal screen of a command that offers `--plain`, or returns nil when
/// `plain` is set. When the terminal cannot be used, prints the reason and the way
/// around it ("or add --plain to `plainUse`"), and throws.
func openScreenUnlessPlain(_ plain: Bool, plainUse: String) throws(ScreenUnavailable) -> TerminalScreen? {
    guard !plain else { return nil }
    do {
        return try TerminalScreen.open()
    } catch {
        writeToStandardError("opop-top: \(error), or add --plain to \(plainUse)\n")
        throw ScreenUnavailable()
    }
}

/// Prints the problems of an ended training thread and returns the training command's
/// exit status: 128 plus the signal number after a signal, 1 after a failed run or any
/// end problem, and 0 otherwise.
func trainingExitStatus(outcome: TrainerOutcome, signal: Int32?, endProblems: [String]) -> Int32 {
    for problem in endProblems {
        writeToStandardError("opop-top: \(problem)\n")
    }
    if let signal {
        return 128 + signal
    }
    if case .failed = outcome {
        return 1
    }
    return endProblems.isEmpty ? 0 : 1
}
