import Glibc
import Synchronization

/// Set by SIGINT or SIGTERM; the training loop stops at the next step boundary, so the
/// recorder can close the trace and remove the control socket.
let stopRequested = Atomic<Bool>(false)

/// Installs handlers that only set `stopRequested`, the one thing a signal handler may
/// safely do here.
func installStopSignals() {
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber) { _ in
            stopRequested.store(true, ordering: .relaxed)
        }
    }
}
