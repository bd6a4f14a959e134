import Foundation
import OpOpDashboard
import OpOpTerminal
import OpOpTrace

/// The dashboard loop of `opop-top run`: trains on a thread of its own and shows the run
/// on a `Screen` until the user quits or a signal arrives.
///
/// Every call on the screen happens on the thread that calls `run`. The trainer and the
/// loop share only two mailboxes: records flow to the loop, commands to the trainer, and
/// a command takes effect at the next step boundary.
final class LiveSession {
    /// How long a status message from an event stays on the bottom line, in seconds.
    static let messageSeconds = 6.0
    /// Time between frames while nothing else happens, in milliseconds.
    static let frameMilliseconds = 100

    let trainerThread: TrainerThread
    let commands: Mailbox<TrainerCommand>
    let output: Mailbox<TraceRecord>

    /// The messages of the run's error events, for printing once the screen is closed:
    /// the status line shows each only briefly and cuts it to the screen's width.
    private(set) var errorMessages: [String] = []
    /// The file of the latest snapshot event. After the end of training it contains the
    /// final brain.
    private var lastSnapshotPath: String?

    init(trainerThread: TrainerThread, commands: Mailbox<TrainerCommand>, output: Mailbox<TraceRecord>) {
        self.trainerThread = trainerThread
        self.commands = commands
        self.output = output
    }

    enum Ending: Equatable {
        case quit(TrainerOutcome)
        case signal(Int32, TrainerOutcome)
    }

    func run(on screen: Screen, clock: () -> Double = { Date().timeIntervalSince1970 }) -> Ending {
        let options = RenderOptions(
            glyphs: screen.capabilities.supportsUnicode ? .unicode : .ascii,
            colour: screen.capabilities.supportsColor
        )
        var history = RunHistory()
        var pausedHistory: RunHistory?
        var view = ViewState()
        var messageDeadline: Double?

        while true {
            if let signal = screen.terminationSignal {
                return .signal(signal, stopTrainer())
            }

            let now = clock()
            let (records, dropped) = output.drain()
            for record in records {
                history.ingest(record)
                guard case .event(let event) = record else { continue }

                if event.kind == .error {
                    errorMessages.append(event.message)
                }
                if event.kind == .snapshot {
                    lastSnapshotPath = event.path
                }
                if let shown = Self.statusMessage(for: event) {
                    view.statusMessage = shown
                    messageDeadline = now + Self.messageSeconds
                }
            }
            if dropped > 0 {
                view.statusMessage = "the display fell behind and skipped \(dropped) records; the trace has them all"
                messageDeadline = now + Self.messageSeconds
            }
            if let deadline = messageDeadline, now >= deadline {
                view.statusMessage = nil
                messageDeadline = nil
            }

            let size = screen.size
            view.groupPageSize = max(1, DashboardLayout(width: size.width, height: size.height, groupCount: history.groupCount).groupRows)
            let frame = renderDashboard(
                history: pausedHistory ?? history, view: view, now: now,
                width: size.width, height: size.height, options: options
            )
            screen.draw(frame)

            guard let key = screen.readKey(timeout: .milliseconds(Self.frameMilliseconds)) else { continue }
            let action = handle(key, view: &view, history: history)
            switch action {
            case .quit, .quitStoppingTrainer, .quitLeavingTrainer:
                // The trainer runs in this process, so quitting always stops it.
                return .quit(stopTrainer())
            case .togglePause:
                pausedHistory = view.isPaused ? history : nil
            case .toggleFreeze, .resetGroup, .resetAll, .snapshot:
                if let action, let message = Self.send(action, to: commands, of: trainerThread, finalSnapshot: lastSnapshotPath) {
                    view.statusMessage = message
                    messageDeadline = now + Self.messageSeconds
                }
            case nil:
                break
            }
        }
    }

    /// Sends the trainer command of `action` (freeze, reset, snapshot) through `commands`.
    /// Once `trainerThread` has returned, no command would be read, so it sends nothing and
    /// returns the message to show instead.
    static func send(
        _ action: DashboardAction, to commands: Mailbox<TrainerCommand>, of trainerThread: TrainerThread, finalSnapshot: String?
    ) -> String? {
        if trainerThread.result != nil {
            return endedMessage(finalSnapshot: finalSnapshot)
        }
        if let command = command(for: action) {
            commands.send(command)
        }
        return nil
    }

    static func command(for action: DashboardAction) -> TrainerCommand? {
        switch action {
        case .toggleFreeze: .toggleFreeze
        case .resetGroup(let index): .resetGroup(index)
        case .resetAll: .resetAll
        case .snapshot: .snapshot
        case .quit, .quitStoppingTrainer, .quitLeavingTrainer, .togglePause: nil
        }
    }

    static func endedMessage(finalSnapshot: String?) -> String {
        guard let finalSnapshot else {
            return "training has ended: the brain can no longer be frozen, reset or saved"
        }
        return "training has ended; the final brain is in \(finalSnapshot)"
    }

    /// The bottom-line message for events a user acts on or must see; brain updates,
    /// which come every few steps, show only in the counters.
    static func statusMessage(for event: EventRecord) -> String? {
        switch event.kind {
        case .brainUpdate, .trainerStart:
            nil
        default:
            event.message
        }
    }

    private func stopTrainer() -> TrainerOutcome {
        commands.send(.stop)
        return trainerThread.wait()
    }
}
