import Foundation
import Synchronization
import XCTest

/// A tmux server of its own running one command in a detached session, for driving
/// the real binary through a pseudo-terminal.
///
/// Each session starts its own server on a private socket (`tmux -L NAME`) with no
/// user configuration (`-f` points at a generated file), so tests never touch a
/// user's tmux. `kill()` stops the server, so call it in a `defer` or in `tearDown`.
/// Should the test process die first, a job in the server stops it within a second.
final class TmuxSession {
    /// The name of the session's private socket.
    let socketName: String
    private let configuration: URL
    /// The socket file, which tmux 3.3a leaves behind when its server exits.
    private var socketPath: String?
    private var killed = false

    private static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    private static let sessionCount = Atomic<Int>(0)

    /// Whether tmux is installed, for `XCTSkipUnless`.
    static var isAvailable: Bool { tmuxPath != nil }

    /// Starts `command` (run by `sh -c`) in a window of `width` by `height` cells.
    ///
    /// The pane stays after the command exits, so its last screen can be captured,
    /// and the status line is off, so the pane fills the whole window.
    init(command: String, width: Int = 100, height: Int = 30) throws {
        guard Self.tmuxPath != nil else {
            throw HarnessError("tmux is not installed; install it (Debian package tmux) to run EndToEndTests")
        }
        let number = Self.sessionCount.add(1, ordering: .relaxed).newValue
        socketName = "opop-e2e-\(getpid())-\(number)"

        configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).conf")
        let settings = """
            set -g status off
            set -g remain-on-exit on
            set -g history-limit 2000
            """
        try settings.write(to: configuration, atomically: true, encoding: .utf8)

        try tmux(["new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", command])
        socketPath = try tmux(["display-message", "-p", "-t", "main", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try startWatchdog()
    }

    deinit {
        kill()
    }

    /// Stops the tmux server and everything running in it. Calling it again does nothing.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: configuration)
        if let socketPath {
            try? FileManager.default.removeItem(atPath: socketPath)
        }
    }

    /// Starts a background job in the tmux server that stops the server once this test
    /// process has exited. Without it, a test run that crashes or is killed before
    /// `tearDown` would leave opop-top training on a busy machine. `kill-server` ends
    /// the job as well.
    private func startWatchdog() throws {
        var script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
        script += "\(shellQuoted(Self.tmuxPath!)) -L \(shellQuoted(socketName)) kill-server"
        if let socketPath {
            script += "; rm -f \(shellQuoted(socketPath))"
        }
        try tmux(["run-shell", "-b", script])
    }

    /// Sends keys in tmux's key names, for example `Up`, `F5`, `C-c` or `q`.
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// Types `text` literally, character by character.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "main", "-l", text])
    }

    /// Returns the visible screen as text. With `escapes`, the text includes the SGR
    /// sequences for colours and attributes.
    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
    }

    /// Returns the screen and the scroll-back history as text.
    func captureWithHistory() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main", "-S", "-2000"])
    }

    /// Resizes the window, which sends SIGWINCH to the program in it.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Appends every byte the program writes to the pane from now on to `file`, before
    /// tmux interprets any of it.
    func recordOutput(to file: URL) throws {
        try tmux(["pipe-pane", "-o", "-t", "main", "cat >>" + shellQuoted(file.path)])
    }

    /// Returns the exit status of the command in the pane, or nil while it runs.
    func exitStatus() throws -> Int32? {
        let output = try tmux(["display-message", "-p", "-t", "main", "#{pane_dead} #{pane_dead_status}"])
        let fields = output.split(separator: " ")
        guard fields.first == "1", fields.count == 2 else { return nil }
        return Int32(fields[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the screen every 50 ms until `condition` holds, and returns that screen.
    ///
    /// - Throws: `HarnessError` with the last screen when `timeout` seconds pass.
    @discardableResult
    func waitUntil(
        _ what: String,
        timeout: TimeInterval = 15,
        history: Bool = false,
        condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = history ? try captureWithHistory() : try capture()
            if condition(screen) {
                return screen
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError("timed out after \(timeout) s waiting for \(what); the screen was:\n\(screen)")
    }

    /// Waits until `text` is on the screen and returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15, history: Bool = false) throws -> String {
        try waitUntil("'\(text)'", timeout: timeout, history: history) { $0.contains(text) }
    }

    /// Waits until the command in the pane exits and returns its exit status.
    ///
    /// NOTE: tmux 3.3a sometimes marks a pane dead before it reaps the process and then
    /// leaves the status empty for seconds, so this can time out. For a program that is meant
    /// to exit, `RecordedRun.waitForStatus` is reliable.
    func waitForExit(timeout: TimeInterval = 15) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = try exitStatus() {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError("timed out after \(timeout) s waiting for the command to exit; the screen was:\n\(try capture())")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = environment["TERM"] ?? "xterm"
        environment.removeValue(forKey: "TMUX")

        // -u makes tmux pass UTF-8 through whatever the test runner's locale is.
        let fullArguments = ["-u", "-L", socketName, "-f", configuration.path] + arguments
        let result = try Subprocess.run(Self.tmuxPath!, arguments: fullArguments, environment: environment)

        guard result.status == 0 else {
            let message = result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed with status \(result.status): \(message)")
        }
        return result.output
    }
}
