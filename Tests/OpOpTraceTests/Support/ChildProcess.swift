import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that kill a writer mid-write.
struct ChildProcess {
    let pid: pid_t

    /// Starts `path` with `arguments`, with standard input and output on /dev/null.
    init(_ path: String, arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }

        var child = pid_t()
        let spawnError = posix_spawn(&child, path, &actions, nil, argv, environ)
        guard spawnError == 0 else {
            throw XCTSkip("cannot start \(path): \(String(cString: strerror(spawnError)))")
        }
        pid = child
    }

    /// Sends SIGKILL and waits for the child; returns the signal that ended it, or nil
    /// when it exited by itself first.
    @discardableResult
    func kill() -> Int32? {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal != 0 ? signal : nil
    }
}

/// Returns the path of `python3` on the usual search path, or throws XCTSkip.
func python3Path() throws -> String {
    for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: directory + "/python3") {
        return directory + "/python3"
    }
    throw XCTSkip("python3 not found in /usr/bin, /usr/local/bin or /bin")
}
