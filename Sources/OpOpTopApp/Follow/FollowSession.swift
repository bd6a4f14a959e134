import Foundation
import OpOpDashboard
import OpOpTerminal
import OpOpTrace

/// The dashboard loop of `opop-top attach` and `opop-top run -- COMMAND`: shows a run
/// that another process trains, from its trace, until the user quits or a signal comes.
///
/// Nothing on the loop's thread waits for a file or a socket. Records come from a
/// `RecordFollower` thread, control commands and pings go through a `ControlLink`
/// queue, and the trainer started by `run -- COMMAND` is checked with `waitpid(WNOHANG)`.
final class FollowSession {
    /// Time between frames while nothing else happens, in milliseconds.
    static let frameMilliseconds = 200
    /// The maximum time the loop spends adding records to the history before it draws a
    /// frame again, in seconds, so reading a long trace shows its progress.
    static let ingestBudgetSeconds = 0.05

    let follower: RecordFollower
    /// The control socket's client, or nil when the run cannot have one (a text log).
    let control: ControlLink?
    /// The status line for a key that needs the control socket when `control` is nil.
    let readOnlyMessage: String
    let child: ChildProcess?
    let outputTail: OutputTail?

    private let workingDirectoryPrefix = FileManager.default.currentDirectoryPath + "/"

    /// The messages of the run's error events, for printing once the screen is closed.
    private(set) var errorMessages: [String] = []

    init(follower: RecordFollower, control: ControlLink?, readOnlyMessage: String, child: ChildProcess? = nil, outputTail: OutputTail? = nil) {
        self.follower = follower
        self.control = control
        self.readOnlyMessage = readOnlyMessage
        self.child = child
        self.outputTail = outputTail
    }

    enum Ending: Equatable {
        /// The user quit; a trainer started by opop-top is left as it was (running or ended).
        case quit
        /// The user quit and stopped the trainer. The text describes how it ended.
        case stoppedTrainer(String)
        case signal(Int32)
    }

    /// The maximum time between two frames while nothing changes, in seconds.
    static let idleFrameSeconds = 1.0

    /// The inputs of a frame besides the clocks. Equal inputs mean an equal screen, so
    /// the frame is skipped.
    private struct FrameInputs: Equatable {
        var stepCount: Int
        var latestStep: Int?
        var markerCount: Int
        var brainState: BrainState
        var hasEnded: Bool
        var isPaused: Bool
        var view: ViewState
        var session: SessionStatus
        var size: ScreenSize

        init(loop: LoopState, session: SessionStatus, size: ScreenSize) {
            let history = loop.pausedHistory ?? loop.history
            stepCount = history.stepCount
            latestStep = history.latestStep
            markerCount = history.markers.count
            brainState = history.brainState
            hasEnded = history.hasEnded
            isPaused = loop.pausedHistory != nil
            view = loop.view
            // The badge shows whole seconds, so a stale run needs one frame a second.
            var shown = session
            if case .stale(let seconds) = session.runState {
                shown.runState = .stale(seconds: seconds.rounded(.down))
            }
            self.session = shown
            self.size = size
        }
    }

    /// The state the loop keeps between frames.
    private struct LoopState {
        var history = RunHistory()
        var pausedHistory: RunHistory?
        var view = ViewState()
        var tracker: RunStateTracker
        var backlog: [TraceRecord] = []
        var backlogStart = 0
        var hasCaughtUp = false
        var corruptLineCount = 0
        var messageDeadline: Double?
    }

    func run(on screen: Screen, clock: () -> Double = { Date().timeIntervalSince1970 }) -> Ending {
        let options = RenderOptions(
            glyphs: screen.capabilities.supportsUnicode ? .unicode : .ascii,
            colour: screen.capabilities.supportsColor
        )
        var loop = LoopState(tracker: RunStateTracker(now: clock()))
        loop.view.asksBeforeQuit = child != nil
        var lastFrame: (inputs: FrameInputs, time: Double)?

        while true {
            if let signal = screen.terminationSignal {
                return .signal(signal)
            }
            let now = clock()
            update(&loop, now: now)

            let size = screen.size
            let session = sessionStatus(loop, now: now)
            loop.view.groupPageSize = max(1, DashboardLayout(width: size.width, height: size.height, groupCount: loop.history.groupCount).groupRows)

            // An idle viewer renders only once a second, for the clocks on the status
            // line, unless something it shows has changed.
            let inputs = FrameInputs(loop: loop, session: session, size: size)
            if let lastFrame, lastFrame.inputs == inputs, now - lastFrame.time < Self.idleFrameSeconds, now >= lastFrame.time {
                // Nothing to draw.
            } else {
                screen.draw(renderDashboard(
                    history: loop.pausedHistory ?? loop.history, view: loop.view, now: now,
                    width: size.width, height: size.height, options: options, session: session
                ))
                lastFrame = (inputs, now)
            }

            let hasBacklog = loop.backlogStart < loop.backlog.count
            guard let key = screen.readKey(timeout: .milliseconds(hasBacklog ? 1 : Self.frameMilliseconds)) else { continue }
            let action = handle(key, view: &loop.view, history: loop.history)
            switch action {
            case .quit, .quitLeavingTrainer:
                return .quit
            case .quitStoppingTrainer:
                guard let child else { return .quit }
                loop.view.statusMessage = "stopping the trainer (SIGINT, then SIGTERM, then SIGKILL)"
                screen.draw(renderDashboard(
                    history: loop.history, view: loop.view, now: now,
                    width: size.width, height: size.height, options: options, session: session
                ))
                return .stoppedTrainer(child.stop())
            case .togglePause:
                loop.pausedHistory = loop.view.isPaused ? loop.history : nil
            case .toggleFreeze, .resetGroup, .resetAll, .snapshot:
                // After a trainer_end there is no trainer to ask. A trainer that died
                // without one is still asked, because its refusal explains what happened.
                let message = loop.history.hasEnded && control != nil
                    ? "the run has ended: there is no trainer to freeze, reset or snapshot"
                    : send(action!, history: loop.history)
                if let message {
                    show(message, in: &loop, now: now)
                }
            case nil:
                break
            }
        }
    }

    /// Takes new records, control replies and the trainer's exit, and updates the loop state.
    private func update(_ loop: inout LoopState, now: Double) {
        let batch = follower.take()
        if batch.restarted {
            // The file was replaced: a new run, so nothing of the old one stays.
            loop.history = RunHistory()
            loop.backlog.removeAll()
            loop.backlogStart = 0
        }
        loop.backlog += batch.records
        loop.corruptLineCount = batch.corruptLineCount
        if let failure = batch.failure {
            show(failure, in: &loop, now: now, seconds: .infinity)
            // The status line cuts the message to the screen's width; it is printed
            // whole once the screen closes.
            if !errorMessages.contains(failure) {
                errorMessages.append(failure)
            }
        }

        let ingested = ingestBacklog(&loop, now: now)
        let backlogDone = loop.backlogStart >= loop.backlog.count
        if backlogDone {
            loop.backlog.removeAll(keepingCapacity: true)
            loop.backlogStart = 0
        }
        if !loop.hasCaughtUp && batch.hasCaughtUp && backlogDone {
            loop.hasCaughtUp = true
            loop.tracker.finishCatchingUp(latestWallTime: loop.history.latestWallTime, now: now)
        } else if loop.hasCaughtUp && ingested > 0 {
            loop.tracker.noteRecords(receivedAt: now)
        }

        if let control {
            let (answers, pings) = control.takeAnswers()
            for ping in pings { loop.tracker.notePing(ping, at: now) }
            for answer in answers { show(answer.text, in: &loop, now: now) }
        }

        if let child, loop.tracker.processEnding == nil, let ending = child.poll() {
            loop.tracker.noteProcessExit(ending)
            loop.view.asksBeforeQuit = false
            show("the trainer exited: \(ending); q quits", in: &loop, now: now)
        }
        if loop.tracker.processEnding == nil {
            control?.pingIfDue(now: now)
        }

        if let deadline = loop.messageDeadline, now >= deadline {
            loop.view.statusMessage = nil
            loop.messageDeadline = nil
        }
    }

    /// Adds waiting records to the history for up to `ingestBudgetSeconds`, and returns
    /// how many it added.
    private func ingestBacklog(_ loop: inout LoopState, now: Double) -> Int {
        let started = DispatchTime.now().uptimeNanoseconds
        var count = 0
        while loop.backlogStart < loop.backlog.count {
            let record = loop.backlog[loop.backlogStart]
            loop.backlogStart += 1
            count += 1
            loop.history.ingest(record)

            if loop.hasCaughtUp, case .event(let event) = record {
                if event.kind == .error { errorMessages.append(event.message) }
                if let message = LiveSession.statusMessage(for: event) { show(message, in: &loop, now: now) }
            }
            if count % 1024 == 0,
                Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 > Self.ingestBudgetSeconds
            {
                break
            }
        }
        return count
    }

    private func sessionStatus(_ loop: LoopState, now: Double) -> SessionStatus {
        var status = SessionStatus(
            runState: loop.tracker.state(now: now, historyHasEnded: loop.history.hasEnded),
            corruptLineCount: loop.corruptLineCount,
            outputLines: outputTail?.poll()
        )
        if !loop.hasCaughtUp {
            status.catchingUpRecords = loop.backlogStart + follower.queuedCount
        }
        return status
    }

    /// Sends the command for `action`, or returns why none can be sent.
    private func send(_ action: DashboardAction, history: RunHistory) -> String? {
        guard let control else { return readOnlyMessage }

        let command: ControlCommand
        switch action {
        case .toggleFreeze:
            switch history.brainState {
            case .frozen: command = .unfreeze
            case .learning: command = .freeze
            case .absent: return "this run trains without a brain, so there is nothing to freeze"
            }
        case .resetGroup(let index):
            guard history.groupNames.indices.contains(index) else { return nil }
            command = .reset(group: history.groupNames[index])
        case .resetAll:
            command = .resetAll
        case .snapshot:
            command = .snapshot
        default:
            return nil
        }
        control.send(command)
        return "sent \(Self.describe(command)); waiting for the trainer's next step"
    }

    static func describe(_ command: ControlCommand) -> String {
        switch command {
        case .ping: "ping"
        case .freeze: "freeze"
        case .unfreeze: "unfreeze"
        case .reset(let group): "reset of \(group)"
        case .resetAll: "reset of all groups"
        case .snapshot: "snapshot"
        }
    }

    private func show(_ message: String, in loop: inout LoopState, now: Double, seconds: Double = LiveSession.messageSeconds) {
        // Trainers started by `run -- COMMAND` get an absolute OPOP_RUN_DIR, so their
        // messages name absolute paths. Relative to the working directory they are
        // shorter, and the end of a snapshot's path still fits at 80 columns.
        loop.view.statusMessage = message.replacingOccurrences(of: workingDirectoryPrefix, with: "")
        loop.messageDeadline = now + seconds
    }
}
