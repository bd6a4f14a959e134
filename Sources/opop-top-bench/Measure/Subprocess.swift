import Foundation

/// A failure of the benchmark itself, with what went wrong and what to do.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The path of this executable, for running its hidden subcommands in child processes.
let benchExecutablePath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path

/// A child process started with `posix_spawnp`, its outputs in unlinked temporary files.
///
/// Foundation's `Process` is not used because on Linux it notices a child's exit only
/// when a socket the child inherited closes, and the server that `tmux new-session`
/// forks keeps that socket open, so `waitUntilExit` would never return.
final class ChildProcess {
    let pid: pid_t
    let command: String
    private let outputFile: ScratchFile
    private let errorFile: ScratchFile
    private var exitStatus: Int32?

    /// Starts `arguments[0]`, found on PATH, with standard input from /dev/null.
    init(_ arguments: [String]) throws {
        command = arguments.joined(separator: " ")
        outputFile = try ScratchFile()
        errorFile = try ScratchFile()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFile.descriptor, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errorFile.descriptor, STDERR_FILENO)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawnp(&child, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else {
            throw BenchError("starting '\(command)' failed: \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = try? wait()
        }
    }

    /// Waits for the child to end and returns its exit status, or 128 plus the signal
    /// number that ended it.
    @discardableResult
    func wait() throws -> Int32 {
        if let exitStatus {
            return exitStatus
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw BenchError("waitpid for '\(command)' failed: \(String(cString: strerror(errno)))")
            }
        }
        // The low 7 bits are the signal that ended the child, 0 for an exit; bits 8-15
        // are the exit status (WIFEXITED and WEXITSTATUS are macros Swift does not import).
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        exitStatus = code
        return code
    }

    /// Sends SIGTERM, then waits for the child to end.
    func stop() {
        guard exitStatus == nil else {
            return
        }
        kill(pid, SIGTERM)
        _ = try? wait()
    }

    var output: String { outputFile.contents() }
    var errors: String { errorFile.contents() }
}

/// Runs `arguments` (the first found on PATH) to the end and returns its standard output.
///
/// Throws `BenchError` when it cannot start or exits with a status other than 0, with
/// its standard error in the message.
@discardableResult
func runAndCapture(_ arguments: [String]) throws -> String {
    let child = try ChildProcess(arguments)
    let status = try child.wait()
    guard status == 0 else {
        let message = child.errors.trimmingCharacters(in: .whitespacesAndNewlines)
        throw BenchError("'\(child.command)' exited with status \(status): \(message)")
    }
    return child.output
}

/// An unlinked temporary file that collects a child's output.
private final class ScratchFile {
    let descriptor: Int32

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/opop-top-bench-output-XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw BenchError("mkstemp in '\(NSTemporaryDirectory())' failed: \(String(cString: strerror(errno))); check that it is writable")
        }
        unlink(template)
    }

    deinit {
        close(descriptor)
    }

    func contents() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = pread(descriptor, &buffer, buffer.count, offset)
            guard count > 0 else {
                break
            }
            bytes += buffer[0..<count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
