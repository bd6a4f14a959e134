/// SIGINT, SIGTERM and SIGHUP as a flag to poll, for programs that run without a
/// `TerminalScreen`, such as the plain-text progress mode.
///
/// Installing uses the same handlers as an open screen, so the two must not be active
/// at once: open a screen or install these, not both.
public enum TerminationSignals {
    /// Replaces the default actions of the termination signals with a flag that
    /// `pending` reads. A signal that is ignored, as SIGHUP is under `nohup`, stays ignored.
    public static func install() {
        SignalRelay.install()
    }

    /// Puts back the signal actions that `install` replaced.
    public static func uninstall() {
        SignalRelay.uninstall()
    }

    /// The number of the termination signal that arrived, or nil when none has.
    public static var pending: Int32? {
        let signal = SignalRelay.pendingTermination.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }
}
