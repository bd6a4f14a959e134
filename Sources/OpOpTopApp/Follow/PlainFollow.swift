import Foundation
import OpOpDashboard
import OpOpTrace

/// The `--plain` output of `opop-top attach` and `opop-top run -- COMMAND`: one
/// progress line a second while steps arrive, one line per event, and a last line when
/// the run ends.
struct PlainFollow {
    let follower: RecordFollower
    let control: ControlLink?
    let child: ChildProcess?
    /// Seconds between progress lines.
    var interval = 1.0

    enum Ending: Equatable {
        /// The run ended. The text describes how.
        case ended(String)
        /// A signal arrived. For a trainer started by opop-top, `trainerEnding` describes how
        /// it was stopped, or nil when it was left running.
        case signal(Int32, trainerEnding: String?)
    }

    func run(write: (String) -> Void, stopSignal: () -> Int32?, clock: () -> Double = { Date().timeIntervalSince1970 }) -> Ending {
        var history = RunHistory()
        var tracker = RunStateTracker(now: clock())
        var hasCaughtUp = false
        var printedStep: Int?
        var lastLine = -Double.infinity
        var lastStaleNotice: Double?

        write("[state] following \(follower.path)\n")
        while true {
            if let signal = stopSignal() {
                // SIGHUP means the terminal went away, and the trainer was started in
                // a session of its own to survive exactly that.
                let stopped = signal == SIGHUP ? nil : child?.stop()
                return .signal(signal, trainerEnding: stopped)
            }

            let now = clock()
            let batch = follower.take()
            if batch.restarted {
                history = RunHistory()
                write("[trace] the trace file was replaced; reading the new run\n")
            }
            for record in batch.records {
                history.ingest(record)
                if hasCaughtUp, case .event(let event) = record, event.kind != .brainUpdate {
                    write("[event] \(event.message)\n")
                }
            }
            if let failure = batch.failure {
                return .ended(failure)
            }
            if !hasCaughtUp && batch.hasCaughtUp {
                hasCaughtUp = true
                if history.header == nil {
                    // An empty run directory or log: print that, or the terminal stays blank.
                    write("[state] no records yet; waiting for the trainer to write\n")
                }
                tracker.finishCatchingUp(latestWallTime: history.latestWallTime, now: now)
            } else if hasCaughtUp && !batch.records.isEmpty {
                tracker.noteRecords(receivedAt: now)
            }

            if let control {
                for ping in control.takeAnswers().pings { tracker.notePing(ping, at: now) }
                if tracker.processEnding == nil { control.pingIfDue(now: now) }
            }
            if let child, tracker.processEnding == nil, let ending = child.poll() {
                // Give the follower one more poll for the trainer's last records.
                Thread.sleep(forTimeInterval: Double(RecordFollower.pollMilliseconds) / 1000 * 2)
                for record in follower.take().records { history.ingest(record) }
                tracker.noteProcessExit(ending)
            }

            if let step = history.latestStep, step != printedStep, now - lastLine >= interval {
                write(Self.progressLine(history))
                printedStep = step
                lastLine = now
            }

            switch tracker.state(now: now, historyHasEnded: history.hasEnded) {
            case .ended(let detail):
                if let step = history.latestStep, step != printedStep { write(Self.progressLine(history)) }
                return .ended(detail ?? "training ended")
            case .stale(let seconds):
                if lastStaleNotice == nil {
                    write("[state] no new record for \(NumberFormatting.duration(seconds)); still watching\n")
                    lastStaleNotice = now
                }
            case .live:
                lastStaleNotice = nil
            }
            Thread.sleep(forTimeInterval: Double(RecordFollower.pollMilliseconds) / 1000)
        }
    }

    /// Formats one line, for example `step 1200  loss 0.2345  LEARNING  updates 60`.
    static func progressLine(_ history: RunHistory) -> String {
        var fields = ["step \(history.latestStep ?? 0)"]
        if let loss = history.latestLoss {
            fields.append("loss \(NumberFormatting.compact(loss))")
        }
        if let name = history.evaluationName, let value = history.latestValue(of: .evaluation) {
            fields.append("\(name) \(NumberFormatting.compact(value))")
        }
        switch history.brainState {
        case .learning: fields.append("brain learning")
        case .frozen: fields.append("brain frozen")
        case .absent: fields.append("no brain")
        }
        return fields.joined(separator: "  ") + "\n"
    }
}
