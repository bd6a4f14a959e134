import Foundation
import Synchronization
import OpOpDashboard
import OpOpTrace

/// Sends control commands to a run's trainer on a background queue, one at a time, and
/// keeps the answers for the dashboard loop, which must never wait on a socket.
///
/// Besides the user's commands it sends `ping` every `pingInterval` seconds, so the
/// run state can tell a slow trainer (it answers) from a dead one (the socket refuses).
final class ControlLink: Sendable {
    /// The result of one command, for the status line.
    struct Answer: Sendable, Equatable {
        var text: String
        var isError: Bool
    }

    static let pingInterval = 2.0
    /// Seconds to wait for a brain-changing command's reply, which comes only after
    /// the trainer's current step.
    static let commandTimeout = 30.0
    static let pingTimeout = 2.0

    let runDirectory: String
    private let queue = DispatchQueue(label: "opop-control")
    private struct State {
        var answers: [Answer] = []
        var pings: [RunStateTracker.PingResult] = []
        var busy = 0
        var lastPing = -Double.infinity
    }
    private let state = Mutex(State())

    init(runDirectory: String) {
        self.runDirectory = runDirectory
    }

    /// Sends `command` in the background. Its reply appears in `takeAnswers`.
    func send(_ command: ControlCommand) {
        state.withLock { $0.busy += 1 }
        queue.async { [self] in
            let answer = Self.answer(for: command, from: ControlClient(runDirectory: runDirectory), timeout: Self.commandTimeout)
            state.withLock { state in
                state.answers.append(answer.answer)
                if let ping = answer.ping { state.pings.append(ping) }
                state.busy -= 1
            }
        }
    }

    /// Sends a `ping` when the last one is `pingInterval` seconds old and nothing else is
    /// under way.
    func pingIfDue(now: Double) {
        let isDue = state.withLock { state in
            guard state.busy == 0, now - state.lastPing >= Self.pingInterval else { return false }
            state.lastPing = now
            state.busy += 1
            return true
        }
        guard isDue else { return }

        queue.async { [self] in
            let result = Self.pingResult(ControlClient(runDirectory: runDirectory), timeout: Self.pingTimeout)
            state.withLock { state in
                state.pings.append(result)
                state.busy -= 1
            }
        }
    }

    func takeAnswers() -> (answers: [Answer], pings: [RunStateTracker.PingResult]) {
        state.withLock { state in
            let taken = (state.answers, state.pings)
            state.answers.removeAll()
            state.pings.removeAll()
            return taken
        }
    }

    static func pingResult(_ client: ControlClient, timeout: Double) -> RunStateTracker.PingResult {
        do {
            let reply = try client.send(.ping, timeout: timeout)
            return reply.ok ? .alive : .unknown
        } catch .serverGone {
            return .gone
        } catch {
            return .unknown
        }
    }

    /// Turns a reply or an error into a status line; a refused connection also counts
    /// as a ping that found the trainer gone.
    static func answer(
        for command: ControlCommand, from client: ControlClient, timeout: Double
    ) -> (answer: Answer, ping: RunStateTracker.PingResult?) {
        do {
            let reply = try client.send(command, timeout: timeout)
            if reply.ok {
                return (Answer(text: reply.message ?? "\(command) done", isError: false), .alive)
            }
            return (Answer(text: "the trainer rejected the command: \(reply.error ?? "no reason given")", isError: true), .alive)
        } catch {
            return (Answer(text: message(for: error), isError: true), error.isServerGone ? .gone : nil)
        }
    }

    /// Returns the status line for a failed command.
    static func message(for error: ControlClientError) -> String {
        switch error {
        case .noSocket:
            "no control socket: the run is read-only"
        case .serverGone:
            "the trainer is gone: its control socket refuses connections"
        case .timedOut(let seconds):
            "no reply within \(Int(seconds)) s; the command stays queued and takes effect after the trainer's current step"
        case .invalidReply(let reason):
            "invalid reply from the trainer: \(reason)"
        case .system(let message):
            "cannot reach the trainer: \(message)"
        }
    }
}

private extension ControlClientError {
    var isServerGone: Bool {
        if case .serverGone = self { return true }
        return false
    }
}
