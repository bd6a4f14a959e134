import Foundation
import OpOpDashboard
import OpOpTerminal
import OpOpTrace

/// The dashboard loop of `opop-top replay`: plays one or more finished runs back, with
/// seeking, until the user quits or a signal comes.
///
/// Every run keeps its own history and cursor, and all of them stand at one shared
/// step. Playback takes the step records in step order across the runs, each after its
/// run's own wall-time gap to the previous one (see `Playback`).
final class ReplaySession {
    /// Time between frames while playing and while paused, in milliseconds.
    static let playingFrameMilliseconds = 33
    static let pausedFrameMilliseconds = 200
    /// The maximum time a frame spends adding records while playing, in seconds, so
    /// high speeds on a fast run keep the screen responsive.
    static let playBudgetSeconds = 0.03

    let runs: [ReplayRun]
    private(set) var playback = Playback()
    private(set) var view = ViewState()
    private(set) var prompt: String?
    private(set) var shownRun = 0
    /// The shared step, nil before any run has a step record.
    private(set) var position: Int?
    private var messageDeadline: Double?
    /// True after End while a trace is still being read: each frame moves to the new
    /// last step, until the user moves or the reading ends.
    private(set) var followsEnd = false
    /// The speed playback reached while it could not keep up with the chosen one, or nil
    /// while it keeps up. Adding records to the history bounds the pace of a fast run.
    private(set) var reachedSpeed: Double?
    private var previousPlayTime: Double?

    /// The failures of reading runs, for printing once the screen is closed.
    private(set) var errorMessages: [String] = []

    enum Ending: Equatable {
        case quit
        case signal(Int32)
    }

    init(runs: [ReplayRun]) {
        precondition(!runs.isEmpty, "a replay needs at least one run")
        self.runs = runs
        startAtFirstStep()
    }

    func run(on screen: Screen, clock: () -> Double = { Date().timeIntervalSince1970 }) -> Ending {
        let options = RenderOptions(
            glyphs: screen.capabilities.supportsUnicode ? .unicode : .ascii,
            colour: screen.capabilities.supportsColor
        )

        while true {
            if let signal = screen.terminationSignal {
                return .signal(signal)
            }
            let now = clock()
            followEnd(now: now)
            play(now: now)
            noteFailures(now: now)
            if let deadline = messageDeadline, now >= deadline {
                view.statusMessage = nil
                messageDeadline = nil
            }

            let size = screen.size
            screen.draw(frame(width: size.width, height: size.height, now: now, options: options))

            let timeout = playback.isPlaying ? Self.playingFrameMilliseconds : Self.pausedFrameMilliseconds
            guard let key = screen.readKey(timeout: .milliseconds(timeout)) else { continue }
            if apply(key, now: now) == .quit {
                return .quit
            }
        }
    }

    /// Draws the current state into a grid of `width` x `height` cells.
    func frame(width: Int, height: Int, now: Double, options: RenderOptions) -> Grid {
        let shown = runs[shownRun]
        view.groupPageSize = max(1, DashboardLayout(width: width, height: height, groupCount: shown.history.groupCount).groupRows)
        let overlay = runs.count > 1
            ? RunOverlay(runs: runs.map { RunOverlay.Run(label: $0.label, history: $0.history) }, shownRun: shownRun)
            : nil
        return renderDashboard(
            history: shown.history, view: view, now: now, width: width, height: height,
            options: options, session: sessionStatus(), overlay: overlay
        )
    }

    /// Applies a key and returns the command it gave, for the loop and for tests.
    @discardableResult
    func apply(_ key: Key, now: Double) -> ReplayCommand? {
        let messageBefore = view.statusMessage
        let command = handleReplayKey(
            key, view: &view, prompt: &prompt, position: replayPosition, history: runs[shownRun].history
        )
        if view.statusMessage != messageBefore, view.statusMessage != nil {
            messageDeadline = now + LiveSession.messageSeconds
        }

        switch command {
        case .quit, nil, .faster, .slower, .showNextRun:
            break
        default:
            followsEnd = false
        }

        switch command {
        case .quit, nil:
            break
        case .togglePlaying:
            if !playback.isPlaying && nextStep() == nil {
                // At the end, play starts over from the first step.
                seek(to: firstStep ?? 0, now: now)
            }
            playback.togglePlaying(now: now)
        case .faster:
            playback.faster()
        case .slower:
            playback.slower()
        case .seek(let step):
            seek(to: step, now: now)
        case .seekToStart:
            seek(to: firstStep ?? 0, now: now)
        case .seekToEnd:
            seekToEnd(now: now)
        case .nextEvent:
            jump(forward: true, in: \.events, name: "event", now: now)
        case .previousEvent:
            jump(forward: false, in: \.events, name: "event", now: now)
        case .nextBrainUpdate:
            jump(forward: true, in: \.brainUpdates, name: "brain update", now: now)
        case .previousBrainUpdate:
            jump(forward: false, in: \.brainUpdates, name: "brain update", now: now)
        case .showNextRun:
            if runs.count > 1 {
                shownRun = (shownRun + 1) % runs.count
                view.selectedGroup = 0
                view.groupScrollOffset = 0
            } else {
                show("there is one run: give several to replay them overlaid", now: now)
            }
        }
        return command
    }

    // MARK: - Playback

    private func startAtFirstStep() {
        guard let first = nextStep()?.step else { return }
        for run in runs { run.advance(through: first) }
        position = first
    }

    /// Returns the next step that any run shows, the lowest, with its wall time and run.
    private func nextStep() -> (step: Int, wallTime: Double?, run: ReplayRun)? {
        var best: (step: Int, wallTime: Double?, run: ReplayRun)?
        for run in runs {
            guard let next = run.nextShownStep() else { continue }
            if best == nil || next.step < best!.step {
                best = (next.step, next.wallTime, run)
            }
        }
        return best
    }

    /// Shows the records that the time since the previous frame allows, while playing.
    func play(now: Double) {
        guard playback.isPlaying else {
            previousPlayTime = nil
            reachedSpeed = nil
            return
        }

        playback.tick(now: now)
        let frameSeconds = previousPlayTime.map { min(max(0, now - $0), Playback.maximumTick) }
        previousPlayTime = now
        var playedRunTime = 0.0
        let started = DispatchTime.now().uptimeNanoseconds
        while Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < Self.playBudgetSeconds {
            guard let next = nextStep() else {
                playback.reachEnd()
                return
            }
            // A step that a resumed trainer wrote again plays without a wait.
            let gap = next.wallTime.map { Playback.cappedGap(from: next.run.latestStepTime, to: $0) } ?? 0
            guard playback.admit(gap: gap) else {
                reachedSpeed = nil
                return
            }

            for run in runs { run.advance(through: next.step) }
            position = next.step
            playedRunTime += gap
        }
        if nextStep() == nil {
            playback.reachEnd()
            return
        }
        // The budget ran out with run time still to play: playback is behind.
        // A single slow frame is no reason to report a lower speed.
        if let frameSeconds, frameSeconds > 0 {
            let reached = playedRunTime / frameSeconds
            reachedSpeed = reached < 0.9 * playback.speed ? reached : nil
        }
    }

    private func seek(to requested: Int, now: Double) {
        var target = max(requested, firstStep ?? requested)
        if let last = lastStep, target > last {
            target = last
            show("step \(requested) is past the last step read, \(last): showing step \(last)", now: now)
        }
        for run in runs { run.seek(to: target) }
        position = runs.compactMap(\.history.latestStep).max() ?? position
        playback.restart(now: now)
    }

    private func seekToEnd(now: Double) {
        guard let last = lastStep else { return }

        seek(to: last, now: now)
        if runs.contains(where: { !$0.indexer.index.snapshot.isComplete }) {
            followsEnd = true
            show("the trace is still being read: following its end until you move", now: now)
        }
    }

    /// Moves to the last step read so far while End is in force, and stops following
    /// once every run has been read to its end.
    func followEnd(now: Double) {
        guard followsEnd else { return }

        let isComplete = runs.allSatisfy { $0.indexer.index.snapshot.isComplete }
        if let last = lastStep, last != position {
            seek(to: last, now: now)
        }
        if isComplete {
            followsEnd = false
        }
    }

    private var firstStep: Int? {
        runs.compactMap { $0.indexer.index.snapshot.firstStep ?? $0.history.firstStep }.min()
    }

    /// The last step of all runs, as far as they have been read.
    private var lastStep: Int? {
        let indexed = runs.compactMap { $0.indexer.index.snapshot.lastStep }.max()
        return [indexed, position].compactMap { $0 }.max()
    }

    private var replayPosition: ReplayPosition {
        ReplayPosition(step: position, firstStep: firstStep, lastStep: lastStep)
    }

    /// Seeks to the shown run's next or previous step in `events` and says on the
    /// bottom line which event it landed on, such as "freeze at 16664: …".
    private func jump(forward: Bool, in events: KeyPath<ReplayIndex.Snapshot, EventIndex>, name: String, now: Double) {
        let index = runs[shownRun].indexer.index.snapshot[keyPath: events]
        let target = forward
            ? index.next(after: position ?? Int.min)
            : index.previous(before: position ?? Int.max)
        guard let target else {
            let direction = forward ? "after" : "before"
            show("no \(name) \(direction) step \(position.map { "\($0)" } ?? "-") in \(runs[shownRun].label)", now: now)
            return
        }

        seek(to: target, now: now)
        show(Self.landingText(step: target, history: runs[shownRun].history, name: name), now: now)
    }

    /// Returns the bottom line after a jump: the event's kind and step first, then its
    /// message when the history has it.
    static func landingText(step: Int, history: RunHistory, name: String) -> String {
        guard name == "event", let event = history.lastEvent, event.step == step else {
            return "\(name) at \(step)"
        }
        let kind = event.kind.rawValue.replacingOccurrences(of: "_", with: " ")
        return event.message.isEmpty ? "\(kind) at \(step)" : "\(kind) at \(step): \(event.message)"
    }

    // MARK: - Status

    private func sessionStatus() -> SessionStatus {
        let snapshots = runs.map { $0.indexer.index.snapshot }
        var readPercent: Int?
        if snapshots.contains(where: { !$0.isComplete }) {
            let read = snapshots.reduce(0) { $0 + $1.positionsRead }
            let size = snapshots.reduce(0) { $0 + $1.size }
            readPercent = size > 0 ? min(99, read * 100 / size) : 0
        }
        let shown = runs[shownRun]
        let status = ReplayStatus(
            lastStep: lastStep,
            wallTime: shown.history.latestWallTime.map(ReplayClockText.localTime),
            speed: Self.speedText(chosen: playback.speedLabel, reached: reachedSpeed),
            isPlaying: playback.isPlaying,
            readPercent: readPercent,
            prompt: prompt
        )
        return SessionStatus(corruptLineCount: shown.corruptLineCount, replay: status)
    }

    /// Returns the speed for the status line: the chosen one, and the one reached when
    /// playback falls behind it, such as "64x (12x reached)".
    static func speedText(chosen: String, reached: Double?) -> String {
        guard let reached else { return chosen }
        let rounded = reached >= 10 ? String(Int(reached.rounded())) : String(format: "%.1f", reached)
        return "\(chosen) (\(rounded)x reached)"
    }

    private func noteFailures(now: Double) {
        for run in runs {
            let failure = run.failure ?? run.indexer.index.snapshot.failure
            guard let failure, !errorMessages.contains(failure) else { continue }
            errorMessages.append(failure)
            show(failure, now: now, seconds: .infinity)
        }
    }

    private func show(_ message: String, now: Double, seconds: Double = LiveSession.messageSeconds) {
        view.statusMessage = message
        messageDeadline = now + seconds
    }
}

/// Formats the run's wall times for the status line.
enum ReplayClockText {
    /// Returns `seconds` since the epoch as local time, "2026-12-04 10:31:05", or "-"
    /// for a time that is not finite or out of range.
    static func localTime(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "-" }

        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return "-" }
        var text = [CChar](repeating: 0, count: 32)
        let count = strftime(&text, text.count, "%Y-%m-%d %H:%M:%S", &parts)
        return count > 0 ? String(decoding: text.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "-"
    }
}
