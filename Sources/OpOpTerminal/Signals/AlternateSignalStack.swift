#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A stack for signal handlers, so the fatal-signal handler can still run after a
/// stack overflow, where the thread's own stack has no room left.
enum AlternateSignalStack {
    /// 64 KiB, well above `SIGSTKSZ` (8 KiB on x86-64 glibc) for the handler's
    /// `endwin` call and the backtracer that runs after it.
    static let byteCount = 64 * 1024

    /// Installs an alternate stack for the calling thread unless it already has one,
    /// as the Swift runtime's backtracer may have set up. The memory is never freed,
    /// because a handler may run on it until the process exits.
    static func ensureInstalled() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else {
            return
        }
        guard let memory = malloc(byteCount) else {
            return
        }
        var stack = stack_t(ss_sp: memory, ss_flags: 0, ss_size: byteCount)
        if sigaltstack(&stack, nil) != 0 {
            free(memory)
        }
    }
}
