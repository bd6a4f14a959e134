import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A trainer that a test starts outside tmux and leaves running while it attaches to the
/// run, such as a Python demo started with `--run-dir`.
///
/// The process gets a process group of its own, so `kill()` also reaches any children,
/// and SIGINT and SIGTERM at their default actions, because a test runner started in the
/// background may ignore them. Standard input is /dev/null, and standard output and
/// standard error both append to `outputPath`.
final class BackgroundProcess {
    let processID: pid_t
    let outputPath: String
    /// The exit status once `waitForExit` has seen it: the status, or 128 plus the signal.
    private(set) var exitStatus: Int32?

    /// Starts `path` with `arguments`, with `environment` as its whole environment.
    init(_ path: String, arguments: [String], environment: [String: String], outputPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid = pid_t()
        let spawnError = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawnError == 0 else {
            throw HarnessError("could not start \(path): \(String(cString: strerror(spawnError)))")
        }
        processID = pid
        self.outputPath = outputPath
    }

    deinit {
        kill()
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        guard exitStatus == nil else { return }
        Glibc.kill(processID, signal)
    }

    /// Kills the process group with SIGKILL and reaps the process. Calling it after the
    /// process has exited does nothing.
    func kill() {
        guard exitStatus == nil else { return }
        Glibc.kill(-processID, SIGKILL)
        _ = try? waitForExit(timeout: 5)
    }

    /// Polls every 20 ms until the process exits, and returns its exit status.
    func waitForExit(timeout: TimeInterval = 15) throws -> Int32 {
        if let exitStatus { return exitStatus }

        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var waitStatus: Int32 = 0
            let result = waitpid(processID, &waitStatus, WNOHANG)
            if result == processID {
                // The low 7 bits hold the signal number, 0 for a normal exit, and bits
                // 8-15 the exit status.
                let signal = waitStatus & 0x7F
                let status = signal == 0 ? (waitStatus >> 8) & 0xFF : 128 + signal
                exitStatus = status
                return status
            }
            if result < 0 && errno != EINTR {
                throw HarnessError("waitpid for process \(processID) failed: \(String(cString: strerror(errno)))")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw HarnessError("timed out after \(timeout) s waiting for process \(processID) to exit; its output was:\n\(output())")
    }

    /// Returns what the process has written so far, or a note when nothing can be read.
    func output() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "(no output file at \(outputPath))"
    }
}
