import Foundation
import OpOpDashboard
import OpOpTrace

/// The `--plain --race` output: one progress line per interval with both runs' losses
/// and the ratio of their loss EMAs, and one line per event, named by its run.
struct PlainRace {
    /// Seconds between progress lines.
    var interval: Double = 1
    let totalSteps: Int
    let trainerThread: TrainerThread
    let commands: Mailbox<TrainerCommand>
    let brainOutput: Mailbox<TraceRecord>
    let bareOutput: Mailbox<TraceRecord>

    /// Prints progress through `write` until the race ends, or until `stopSignal`
    /// returns a signal number, which stops both runs at the next step boundary.
    func run(
        write: (String) -> Void,
        stopSignal: () -> Int32?,
        clock: () -> Double = { Date().timeIntervalSince1970 }
    ) -> (outcome: TrainerOutcome, signal: Int32?) {
        // Small capacities: the lines need only the latest values and the ratio.
        var race = RaceHistory(recentCapacity: 16, summaryCapacity: 2)
        var stepsAtLastLine = 0
        let startTime = clock()
        var timeOfLastLine = startTime
        var signal: Int32?

        while true {
            if signal == nil, let received = stopSignal() {
                signal = received
                commands.send(.stop)
            }

            // As in `PlainProgress`, the outcome is read before the drain, so that a drain
            // after the race has ended contains every last record.
            let isFinished = trainerThread.result != nil
            for (side, output) in [(RaceHistory.Side.brain, brainOutput), (.bare, bareOutput)] {
                for record in output.drain().items {
                    race.ingest(record, from: side)
                    if case .event(let event) = record, event.kind != .brainUpdate {
                        write("[\(side == .brain ? RaceDirectory.brainName : RaceDirectory.bareName) event] \(event.message)\n")
                    }
                }
            }

            let now = clock()
            if let step = race.commonStep, now - timeOfLastLine >= interval || isFinished {
                let rate = isFinished
                    ? Double(step) / max(now - startTime, 1e-9)
                    : Double(step - stepsAtLastLine) / max(now - timeOfLastLine, 1e-9)
                write(Self.progressLine(race: race, of: totalSteps, stepsPerSecond: rate))
                stepsAtLastLine = step
                timeOfLastLine = now
            }
            if isFinished {
                return (trainerThread.wait(), signal)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Formats one progress line, for example
    /// `step 1200/50000  2310 steps/s  loss brain 0.2345 bare 0.2400  ratio 0.9770 (loss EMA brain/bare, below 1: brain ahead)  accuracy brain 0.9510 bare 0.9480`.
    static func progressLine(race: RaceHistory, of totalSteps: Int, stepsPerSecond: Double) -> String {
        var fields = [
            "step \(race.commonStep ?? 0)/\(totalSteps)",
            "\(PlainProgress.format(stepsPerSecond, digits: 0)) steps/s",
            "loss brain \(PlainProgress.formatLoss(race.brain.latestLoss ?? .nan)) bare \(PlainProgress.formatLoss(race.bare.latestLoss ?? .nan))",
            race.bothNearZero
                ? "ratio - (both loss EMAs near 0)"
                : "ratio \(race.latestRatio.map { PlainProgress.format($0) } ?? "-") (loss EMA brain/bare, below 1: brain ahead)",
        ]
        if let name = race.brain.evaluationName,
            let brain = race.brain.latestValue(of: .evaluation), let bare = race.bare.latestValue(of: .evaluation)
        {
            fields.append("\(name) brain \(PlainProgress.format(brain)) bare \(PlainProgress.format(bare))")
        }
        return fields.joined(separator: "  ") + "\n"
    }
}
