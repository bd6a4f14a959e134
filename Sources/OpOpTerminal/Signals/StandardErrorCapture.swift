#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Sends standard error (descriptor 2) to a temporary file while curses owns the
/// screen, and writes the file's contents to the real standard error afterwards.
///
/// Anything written to standard error during a session would otherwise land on the
/// alternate screen and vanish at `endwin`, including the Swift runtime's
/// "Fatal error" message that precedes a crash.
enum StandardErrorCapture {
    /// Starts the capture. When no temporary file can be created, standard error
    /// stays as it is and the function returns false.
    @discardableResult
    static func start() -> Bool {
        guard SignalRelay.savedStandardError.load(ordering: .sequentiallyConsistent) < 0 else {
            return true
        }

        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/opop-top-stderr-XXXXXX".utf8CString)
        let file = mkstemp(&template)
        guard file >= 0 else { return false }

        // Unlinked at once, the file disappears with its last descriptor, so even a crash
        // leaves nothing behind in the temporary directory.
        unlink(template)

        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            close(file)
            return false
        }

        SignalRelay.captureFile.store(file, ordering: .sequentiallyConsistent)
        SignalRelay.savedStandardError.store(saved, ordering: .sequentiallyConsistent)
        return true
    }

    /// Restores standard error and writes out what was captured. Does nothing when no
    /// capture is in progress, so calling it twice is safe.
    static func finish() {
        restoreFromSignalHandler()
    }

    /// Restores standard error using only async-signal-safe calls (`dup2`, `lseek`,
    /// `read`, `write`, `close`), so the fatal-signal handler can use it too.
    static func restoreFromSignalHandler() {
        let saved = SignalRelay.savedStandardError.exchange(-1, ordering: .sequentiallyConsistent)
        guard saved >= 0 else { return }
        let file = SignalRelay.captureFile.exchange(-1, ordering: .sequentiallyConsistent)

        dup2(saved, STDERR_FILENO)
        close(saved)
        guard file >= 0 else { return }

        let buffer = SignalRelay.replayBuffer
        lseek(file, 0, SEEK_SET)
        while true {
            let count = read(file, buffer.baseAddress, buffer.count)
            guard count > 0 else { break }
            writeAll(buffer.baseAddress!, count: count, to: STDERR_FILENO)
        }
        close(file)
    }

    private static func writeAll(_ bytes: UnsafeMutableRawPointer, count: Int, to descriptor: Int32) {
        var written = 0
        while written < count {
            let result = write(descriptor, bytes + written, count - written)
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
