import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The user's trainer, started by `opop-top run -- COMMAND` in a session of its own.
///
/// Its standard output and standard error both go to one descriptor of the run's
/// `output.log`, opened with `O_APPEND`, so lines interleave in the order they were
/// written and the trainer never gets `SIGPIPE` when opop-top exits first. Its own
/// session (`setsid`) keeps it out of the terminal's process group, so closing the
/// terminal or pressing Ctrl-C in opop-top does not signal it.
final class ChildProcess {
    /// `POSIX_SPAWN_SETSID` from glibc's `<spawn.h>` (since 2.26), which Swift does not
    /// import because it is a GNU extension.
    private static let spawnSetSessionFlag: Int32 = 0x80

    let processID: pid_t
    /// How the process ended, once `poll` or `stop` has seen it exit.
    private(set) var ending: String?
    /// The raw wait status, once it has exited.
    private(set) var waitStatus: Int32?

    private init(processID: pid_t) {
        self.processID = processID
    }

    /// Starts `program` (a resolved path) with `arguments` (argv[1...]), with
    /// `environment` added to this process's environment and both output streams
    /// appended to `outputPath`.
    static func start(
        program: String, arguments: [String], environment: [String: String], outputPath: String
    ) throws(ChildProcessError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        let flags = spawnSetSessionFlag | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let argv = [program] + arguments
        let envp = merged.map { "\($0.key)=\($0.value)" }

        var processID: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                posix_spawn(&processID, program, &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard result == 0 else {
            throw ChildProcessError(message: "cannot start '\(program)': \(String(cString: strerror(result)))")
        }
        return ChildProcess(processID: processID)
    }

    /// Checks without waiting whether the process has exited, and returns how it ended
    /// once it has.
    @discardableResult
    func poll() -> String? {
        guard ending == nil else { return ending }

        var status: Int32 = 0
        let result = waitpid(processID, &status, WNOHANG)
        if result == processID {
            waitStatus = status
            ending = Self.describe(waitStatus: status)
        }
        return ending
    }

    /// Stops the process group: SIGINT, then SIGTERM after `graceSeconds`, then SIGKILL
    /// after as long again, and returns how the trainer ended, for example
    /// "stopped by SIGINT: exit status 130".
    func stop(graceSeconds: Double = 3) -> String {
        if let ending { return "it had already ended: \(ending)" }

        for (signal, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGKILL, "SIGKILL")] {
            // The negative process id signals the whole group, which the trainer leads
            // because it runs in a session of its own, so its worker processes stop too.
            kill(-processID, signal)
            let deadline = Date().addingTimeInterval(signal == SIGKILL ? 10 : graceSeconds)
            while Date() < deadline {
                if let ending = poll() {
                    return "stopped after \(name): \(ending)"
                }
                usleep(20_000)
            }
        }
        return "it did not exit even after SIGKILL; process \(processID) may still be running"
    }

    /// Returns "exit status N" or "killed by signal N (SIGNAME)" for a `waitpid` status.
    static func describe(waitStatus status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 {
            return "exit status \((status >> 8) & 0xff)"
        }
        let name = signalName(signal).map { " (\($0))" } ?? ""
        return "killed by signal \(signal)\(name)"
    }

    private static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGABRT: "SIGABRT"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGPIPE: "SIGPIPE"
        case SIGTERM: "SIGTERM"
        default: nil
        }
    }

    /// Finds `program` as `execvp` would: a name containing `/` is used as it is, and
    /// any other is looked up in the directories of `PATH`.
    static func resolve(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws(ChildProcessError) -> String {
        guard !program.isEmpty else {
            throw ChildProcessError(message: "the command after '--' is empty; give a program to start")
        }
        if program.contains("/") {
            try checkExecutable(program, name: program)
            return program
        }

        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        var lastProblem: ChildProcessError?
        for directory in directories {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            guard FileManager.default.fileExists(atPath: candidate) else { continue }
            do {
                try checkExecutable(candidate, name: program)
                return candidate
            } catch {
                lastProblem = error
            }
        }
        throw lastProblem ?? ChildProcessError(message: "command '\(program)' not found in PATH; check its spelling, or give its path such as ./\(program)")
    }

    private static func checkExecutable(_ path: String, name: String) throws(ChildProcessError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ChildProcessError(message: "command '\(name)' not found: '\(path)' does not exist")
        }
        guard !isDirectory.boolValue else {
            throw ChildProcessError(message: "command '\(name)' is a directory, not a program")
        }
        guard access(path, X_OK) == 0 else {
            throw ChildProcessError(message: "command '\(name)' is not executable ('\(path)'); run 'chmod +x \(path)' or start it through its interpreter")
        }
    }
}

/// A trainer command that cannot be started, with what to do about it.
struct ChildProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Calls `body` with a NULL-terminated array of C strings that lives for the call.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
