import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` does not work for tmux. On Linux it detects a child's exit
/// when a socket the child inherited is closed. The tmux server, which the first tmux
/// command forks, keeps that socket open, so `waitUntilExit` never returns.
enum Subprocess {
    struct Result {
        /// The exit status, or 128 plus the signal number when a signal ended it.
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `path` with `arguments`, standard input from /dev/null and both outputs
    /// collected in temporary files.
    static func run(_ path: String, arguments: [String], environment: [String: String]) throws -> Result {
        let outputFile = try ScratchFile()
        let errorFile = try ScratchFile()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFile.descriptor, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errorFile.descriptor, STDERR_FILENO)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid = pid_t()
        let spawnError = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawnError == 0 else {
            throw HarnessError("could not start \(path): \(String(cString: strerror(spawnError)))")
        }

        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else {
                throw HarnessError("waitpid for \(path) failed: \(String(cString: strerror(errno)))")
            }
        }

        // WIFEXITED and WEXITSTATUS are macros Swift does not import: the low 7 bits
        // hold the signal number, 0 for a normal exit, and bits 8-15 the exit status.
        let signal = waitStatus & 0x7F
        let status = signal == 0 ? (waitStatus >> 8) & 0xFF : 128 + signal
        return Result(status: status, output: try outputFile.contents(), errors: try errorFile.contents())
    }
}

/// An unlinked temporary file that collects a child's output.
private final class ScratchFile {
    let descriptor: Int32

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/opop-e2e-output-XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw HarnessError("mkstemp failed with errno \(errno); check that the temporary directory is writable")
        }
        unlink(template)
    }

    deinit {
        close(descriptor)
    }

    func contents() throws -> String {
        lseek(descriptor, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
