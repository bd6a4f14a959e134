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
struct LiveSession {
    /// How long a status message from an event stays on the bottom line, in seconds.
    static let messageSeconds = 6.0
    /// Time between frames while nothing else happens, in milliseconds.
    static let frameMilliseconds = 100

    let trainerThread: TrainerThread
    let commands: Mailbox<TrainerCommand>
    let output: Mailbox<TraceRecord>

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
                if case .event(let event) = record, let shown = Self.statusMessage(for: event) {
                    view.statusMessage = shown
                    messageDeadline = event.kind == .trainerEnd ? nil : now + Self.messageSeconds
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
            switch handle(key, view: &view, history: history) {
            case .quit:
                return .quit(stopTrainer())
            case .toggleFreeze:
                commands.send(.toggleFreeze)
            case .resetGroup(let index):
                commands.send(.resetGroup(index))
            case .resetAll:
                commands.send(.resetAll)
            case .snapshot:
                commands.send(.snapshot)
            case .togglePause:
                pausedHistory = view.isPaused ? history : nil
            case nil:
                break
            }
        }
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
