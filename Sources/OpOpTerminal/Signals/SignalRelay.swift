@preconcurrency import CNcursesw
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// The process-wide signal handling for an open `TerminalScreen`.
///
/// Termination signals (SIGINT, SIGTERM, SIGHUP) only record the signal number, which
/// the UI loop polls, so the loop can close the screen in the normal way. A second one
/// before the loop has reacted ends the process at once.
///
/// Fatal signals (SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, and SIGQUIT from
/// Ctrl-\) restore the terminal and the captured standard error at once. The handler
/// then passes the signal on to the disposition installed before, which is the Swift
/// runtime's backtracer or the default action.
///
/// Handlers read only the atomics and preallocated buffers below, because a signal
/// handler must not allocate or take locks. The one exception is `endwin` on a fatal
/// signal: it is not async-signal-safe, but the process is about to die and a
/// restored terminal is worth the risk.
enum SignalRelay {
    static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGQUIT]

    /// The pending termination signal, or 0 when none arrived.
    static let pendingTermination = Atomic<Int32>(0)

    /// Whether curses owns the screen, so a fatal signal must call `endwin`.
    static let cursesActive = Atomic<Bool>(false)

    /// The descriptors of the standard-error capture in progress, or -1 when there is
    /// none. `StandardErrorCapture` sets and clears them.
    static let savedStandardError = Atomic<Int32>(-1)
    static let captureFile = Atomic<Int32>(-1)

    /// The dispositions in place before `install`, indexed by signal number.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(signalTableSize))
        actions.initialize(repeating: sigaction(), count: Int(signalTableSize))
        return actions
    }()

    /// Flags marking the entries of `previousActions` that contain a saved disposition.
    nonisolated(unsafe) static let installed: UnsafeMutablePointer<Bool> = {
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: Int(signalTableSize))
        flags.initialize(repeating: false, count: Int(signalTableSize))
        return flags
    }()

    /// A buffer for replaying captured standard error inside a signal handler.
    nonisolated(unsafe) static let replayBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)

    /// One more than the highest signal number, the size of the tables above.
    static let signalTableSize: Int32 = 65

    /// Installs the termination and fatal-signal handlers, saving the previous ones.
    ///
    /// Call on the curses thread before `newterm`, so that ncurses, which installs its
    /// own SIGINT and SIGTERM handlers only where the disposition is still the default,
    /// leaves these in place. A signal that is ignored (for example SIGHUP under
    /// `nohup`) stays ignored.
    static func install() {
        // Touch every static once here, because lazy initialisation inside a signal
        // handler would not be async-signal-safe.
        pendingTermination.store(0, ordering: .sequentiallyConsistent)
        _ = cursesActive.load(ordering: .relaxed)
        _ = savedStandardError.load(ordering: .relaxed)
        _ = captureFile.load(ordering: .relaxed)
        _ = previousActions
        _ = installed
        _ = replayBuffer
        AlternateSignalStack.ensureInstalled()

        for signal in terminationSignals where !isIgnored(signal) {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = recordTermination
            sigemptyset(&action.sa_mask)
            // SA_RESTART keeps other threads' blocking reads and writes from failing with
            // EINTR. The curses input wait uses poll, which returns early regardless.
            action.sa_flags = SA_RESTART
            save(signal: signal, replacingWith: &action)
        }

        for signal in fatalSignals where !isIgnored(signal) {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = restoreTerminalAndForward
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            save(signal: signal, replacingWith: &action)
        }
    }

    /// Puts back every disposition that `install` replaced.
    static func uninstall() {
        for signal in terminationSignals + fatalSignals where installed[Int(signal)] {
            sigaction(signal, &previousActions[Int(signal)], nil)
            installed[Int(signal)] = false
        }
    }

    private static func isIgnored(_ signal: Int32) -> Bool {
        var action = sigaction()
        sigaction(signal, nil, &action)
        guard let handler = action.__sigaction_handler.sa_handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func save(signal: Int32, replacingWith action: inout sigaction) {
        sigaction(signal, &action, &previousActions[Int(signal)])
        installed[Int(signal)] = true
    }
}

/// Records a termination signal for the UI loop to act on.
///
/// A second termination signal while the first is still pending means the loop is not
/// responding, for example a user pressing Ctrl-C again. The handler then restores the
/// terminal and ends the process with the signal's default action.
private func recordTermination(_ signal: Int32) {
    let earlier = SignalRelay.pendingTermination.exchange(signal, ordering: .sequentiallyConsistent)
    guard earlier != 0 else { return }

    if SignalRelay.cursesActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    StandardErrorCapture.restoreFromSignalHandler()

    var defaultAction = sigaction()
    defaultAction.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&defaultAction.sa_mask)
    sigaction(signal, &defaultAction, nil)
    raise(signal)
}

/// Restores the terminal, then lets the previous handler see the fatal signal.
private func restoreTerminalAndForward(
    _ signal: Int32,
    _ info: UnsafeMutablePointer<siginfo_t>?,
    _ context: UnsafeMutableRawPointer?
) {
    if SignalRelay.cursesActive.exchange(false, ordering: .sequentiallyConsistent) {
        endwin()
    }
    StandardErrorCapture.restoreFromSignalHandler()

    if SignalRelay.installed[Int(signal)] {
        sigaction(signal, &SignalRelay.previousActions[Int(signal)], nil)
        SignalRelay.installed[Int(signal)] = false
    }

    if recursOnReturn(signal, code: info?.pointee.si_code ?? 0) {
        return
    }
    raise(signal)
}

/// Checks whether a fatal signal happens again by itself when the handler returns, so
/// that the previous handler receives the original details.
///
/// A fault with its own code (for example `ILL_ILLOPN` from the `ud2` a Swift trap
/// executes, or `SEGV_MAPERR`) re-executes the faulting instruction. A signal sent by a
/// process (`si_code <= 0`, as from `kill` or `abort`) or by the kernel on a process's
/// behalf (`SI_KERNEL`, as for Ctrl-\ or an x86 `int3`) does not recur, so the handler
/// raises it again.
private func recursOnReturn(_ signal: Int32, code: Int32) -> Bool {
    let synchronous = signal == SIGILL || signal == SIGTRAP || signal == SIGBUS || signal == SIGFPE || signal == SIGSEGV
    return synchronous && code > 0 && code != SI_KERNEL
}
