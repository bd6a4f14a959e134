import Foundation

/// `opop-top attach TRACE` in a detached tmux session at 100x30, on a tmux server of its
/// own (a socket in the scratch folder, no user configuration).
final class AttachedViewer {
    private let socketPath: String
    private let configurationPath: String
    /// The process running opop-top: the pane's process, because the command is exec'd.
    let pid: Int32
    private var stopped = false

    init(tracePath: String, context: BenchContext, width: Int = 100, height: Int = 30) throws {
        let name = "tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        socketPath = context.scratchFile(name + ".sock")
        configurationPath = context.scratchFile(name + ".conf")
        try "set -g status off\nset -g remain-on-exit on\n".write(toFile: configurationPath, atomically: true, encoding: .utf8)

        let command = "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 \(shellQuoted(benchExecutablePath)) \(ChildCommand.opopTop.rawValue) attach \(shellQuoted(tracePath))"
        try Self.tmux(socketPath, configurationPath, ["new-session", "-d", "-s", "bench", "-x", "\(width)", "-y", "\(height)", command])
        let text = try Self.tmux(socketPath, configurationPath, ["display-message", "-p", "-t", "bench", "#{pane_pid}"])
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("tmux gave '\(text)' as the pane's process id")
        }
        self.pid = pid
    }

    deinit {
        stop()
    }

    /// Stops the tmux server and opop-top with it. Calling it again does nothing.
    func stop() {
        guard !stopped else {
            return
        }
        stopped = true
        _ = try? Self.tmux(socketPath, configurationPath, ["kill-server"])
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.removeItem(atPath: configurationPath)
    }

    func screen() throws -> String {
        try Self.tmux(socketPath, configurationPath, ["capture-pane", "-p", "-t", "bench"])
    }

    /// Waits until the screen contains `text`; throws `BenchError` with the last screen after `timeout` seconds.
    func waitForScreen(containing text: String, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) {
                return
            }
            usleep(100_000)
        }
        throw BenchError("opop-top attach did not show '\(text)' within \(Int(timeout)) s; its last screen:\n\(last)")
    }

    /// Returns the step of the status line, the last line with "steps/s" or a badge.
    func shownStep() throws -> Int? {
        for line in try screen().split(separator: "\n").reversed() {
            guard let range = line.range(of: "step ") else {
                continue
            }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            if !digits.isEmpty, line.contains("LIVE") || line.contains("ENDED") || line.contains("steps/s") {
                return Int(digits)
            }
        }
        return nil
    }

    /// Returns opop-top's user plus system CPU seconds so far.
    func cpuSeconds() throws -> Double {
        guard let seconds = ProcessStatus.cpuSeconds(pid: pid) else {
            throw BenchError("opop-top (process \(pid)) has exited; its screen was:\n\((try? screen()) ?? "")")
        }
        return seconds
    }

    /// Returns opop-top's CPU use over the next `seconds` seconds, in percent of one core.
    func cpuPercent(over seconds: Double) throws -> Double {
        let start = try cpuSeconds()
        let clock = Stopwatch()
        usleep(UInt32(seconds * 1e6))
        return (try cpuSeconds() - start) / clock.wallSeconds * 100
    }

    @discardableResult
    private static func tmux(_ socket: String, _ configuration: String, _ arguments: [String]) throws -> String {
        try runAndCapture(["tmux", "-u", "-S", socket, "-f", configuration] + arguments)
    }
}

/// Quotes `text` for a POSIX shell command line.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
