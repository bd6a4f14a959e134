import Foundation
import OpOpDashboard
import OpOpTerminal
import OpOpTrace

/// The dashboard loop of `opop-top run --race`: a `RaceTrainer` trains both runs on a
/// thread of its own, and this loop shows the race on a `Screen` until the user quits
/// or a signal arrives.
///
/// Every call on the screen happens on the thread that calls `run`. Records flow in
/// through one mailbox per run, and commands, which act on the brain run, flow out
/// through one mailbox to the race's thread.
final class RaceSession {
    let trainerThread: TrainerThread
    let commands: Mailbox<TrainerCommand>
    let brainOutput: Mailbox<TraceRecord>
    let bareOutput: Mailbox<TraceRecord>
    let name: String

    /// The messages of both runs' error events, for printing once the screen is closed.
    private(set) var errorMessages: [String] = []
    /// The file of the brain run's latest snapshot event.
    private var lastSnapshotPath: String?

    init(
        trainerThread: TrainerThread, commands: Mailbox<TrainerCommand>,
        brainOutput: Mailbox<TraceRecord>, bareOutput: Mailbox<TraceRecord>, name: String
    ) {
        self.trainerThread = trainerThread
        self.commands = commands
        self.brainOutput = brainOutput
        self.bareOutput = bareOutput
        self.name = name
    }

    func run(on screen: Screen, clock: () -> Double = { Date().timeIntervalSince1970 }) -> LiveSession.Ending {
        let options = RenderOptions(
            glyphs: screen.capabilities.supportsUnicode ? .unicode : .ascii,
            colour: screen.capabilities.supportsColor
        )
        var race = RaceHistory(name: name)
        var pausedRace: RaceHistory?
        var view = ViewState()
        var messageDeadline: Double?

        while true {
            if let signal = screen.terminationSignal {
                return .signal(signal, stopTrainer())
            }

            let now = clock()
            let dropped = ingest(into: &race, view: &view, messageDeadline: &messageDeadline, now: now)
            if dropped > 0 {
                view.statusMessage = "the display fell behind and skipped \(dropped) records; the traces have them all"
                messageDeadline = now + LiveSession.messageSeconds
            }
            if let deadline = messageDeadline, now >= deadline {
                view.statusMessage = nil
                messageDeadline = nil
            }

            let size = screen.size
            view.groupPageSize = max(1, RaceLayout(width: size.width, height: size.height, groupCount: race.brain.groupCount).groupRows)
            let frame = renderRace(
                race: pausedRace ?? race, view: view, now: now,
                width: size.width, height: size.height, options: options
            )
            screen.draw(frame)

            guard let key = screen.readKey(timeout: .milliseconds(LiveSession.frameMilliseconds)) else { continue }
            let action = handle(key, view: &view, history: race.brain)
            switch action {
            case .quit, .quitStoppingTrainer, .quitLeavingTrainer:
                return .quit(stopTrainer())
            case .togglePause:
                pausedRace = view.isPaused ? race : nil
            case .toggleFreeze, .resetGroup, .resetAll, .snapshot:
                if let action, let message = LiveSession.send(action, to: commands, of: trainerThread, finalSnapshot: lastSnapshotPath) {
                    view.statusMessage = message
                    messageDeadline = now + LiveSession.messageSeconds
                }
            case nil:
                break
            }
        }
    }

    /// Drains both runs' records into `race` and returns how many records the mailboxes
    /// dropped. The brain run's messages go to the bottom line. Errors of either run
    /// also go there and are kept for printing, named by their run.
    private func ingest(into race: inout RaceHistory, view: inout ViewState, messageDeadline: inout Double?, now: Double) -> Int {
        let (brainRecords, brainDropped) = brainOutput.drain()
        let (bareRecords, bareDropped) = bareOutput.drain()

        for record in brainRecords {
            race.ingest(record, from: .brain)
            guard case .event(let event) = record else { continue }

            if event.kind == .error {
                errorMessages.append("the brain run: " + event.message)
            }
            if event.kind == .snapshot {
                lastSnapshotPath = event.path
            }
            if let shown = LiveSession.statusMessage(for: event) {
                view.statusMessage = shown
                messageDeadline = now + LiveSession.messageSeconds
            }
        }
        for record in bareRecords {
            race.ingest(record, from: .bare)
            if case .event(let event) = record, event.kind == .error {
                errorMessages.append("the bare run: " + event.message)
                view.statusMessage = "the bare run: " + event.message
                messageDeadline = now + LiveSession.messageSeconds
            }
        }
        return brainDropped + bareDropped
    }

    private func stopTrainer() -> TrainerOutcome {
        commands.send(.stop)
        return trainerThread.wait()
    }
}
