import Foundation
import OpOpTrace

/// The `--plain` output of `opop-top run`: one progress line per interval and one line
/// per event, for logs, CI and terminals the dashboard cannot use.
struct PlainProgress {
    /// Seconds between progress lines.
    var interval: Double = 1
    let totalSteps: Int
    let trainerThread: TrainerThread
    let commands: Mailbox<TrainerCommand>
    let output: Mailbox<TraceRecord>

    /// Prints progress through `write` until training ends, or until `stopSignal` returns a
    /// signal number, which stops the trainer at the next step boundary.
    func run(
        write: (String) -> Void,
        stopSignal: () -> Int32?,
        clock: () -> Double = { Date().timeIntervalSince1970 }
    ) -> (outcome: TrainerOutcome, signal: Int32?) {
        var latestStep: StepRecord?
        var latestEvaluation: EvaluationRecord?
        var stepsAtLastLine = 0
        let startTime = clock()
        var timeOfLastLine = startTime
        var signal: Int32?

        while true {
            if signal == nil, let received = stopSignal() {
                signal = received
                commands.send(.stop)
            }

            // Whether training has ended is read before the drain. The trainer sends its
            // last records before it sets the outcome, so a drain after a set outcome contains
            // them all. Read after the drain, the outcome could include records that the
            // drain missed, and they would never be printed.
            let isFinished = trainerThread.result != nil
            for record in output.drain().items {
                switch record {
                case .step(let step):
                    latestStep = step
                case .evaluation(let evaluation):
                    latestEvaluation = evaluation
                case .event(let event) where event.kind != .brainUpdate:
                    write("[event] \(event.message)\n")
                default:
                    break
                }
            }

            let now = clock()
            if let step = latestStep, now - timeOfLastLine >= interval || isFinished {
                // The last line gives the rate over the whole run, because the interval
                // since the line before can be a fraction of a second after a stop.
                let rate = isFinished
                    ? Double(step.step) / max(now - startTime, 1e-9)
                    : Double(step.step - stepsAtLastLine) / max(now - timeOfLastLine, 1e-9)
                write(Self.progressLine(step: step, of: totalSteps, stepsPerSecond: rate, evaluation: latestEvaluation))
                stepsAtLastLine = step.step
                timeOfLastLine = now
            }
            if isFinished {
                return (trainerThread.wait(), signal)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Formats one progress line, for example
    /// `step 1200/50000  2310 steps/s  loss 0.2345  accuracy 0.9510  knobs (group mean) scale 1.021 clip 1.000 dampen 0.000`.
    static func progressLine(step: StepRecord, of totalSteps: Int, stepsPerSecond: Double, evaluation: EvaluationRecord?) -> String {
        var fields = [
            "step \(step.step)/\(totalSteps)",
            "\(format(stepsPerSecond, digits: 0)) steps/s",
            "loss \(formatLoss(step.loss))",
        ]
        if let metric = evaluation?.metrics.first {
            fields.append("\(metric.name) \(format(metric.value))")
        }
        if !step.groups.isEmpty {
            let count = Double(step.groups.count)
            let scale = step.groups.reduce(0) { $0 + $1.scale } / count
            let clip = step.groups.reduce(0) { $0 + $1.clip } / count
            let dampen = step.groups.reduce(0) { $0 + $1.dampen } / count
            fields.append("knobs (group mean) scale \(format(scale, digits: 3)) clip \(format(clip, digits: 3)) dampen \(format(dampen, digits: 3))")
        }
        return fields.joined(separator: "  ") + "\n"
    }

    /// Formats a loss with four decimals, or in exponent notation below 0.001, where four
    /// decimals would print a converging run's loss as 0.0000.
    static func formatLoss(_ value: Double) -> String {
        guard value.isFinite, value != 0, abs(value) < 1e-3 else {
            return format(value)
        }
        return String(format: "%.3e", value)
    }

    static func format(_ value: Double, digits: Int = 4) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }
}
