import Foundation
import OpOpTrace
@testable import OpOpDashboard

/// Deterministic runs for render and model tests. Values come from closed-form curves
/// plus a small fixed wobble, so every screen is reproducible without a random generator.
enum Fixtures {
    static let startTime = 1_700_000_000.0

    static func header(groups: [String], runName: String = "digits-seed1") -> TraceHeader {
        TraceHeader(
            runName: runName, workload: "digits-mlp", groupNames: groups, optimizer: "adam",
            optimizerSettings: ["lr": 0.001, "beta1": 0.9], brainSettings: ["exploration_std": 0.1],
            startTime: startTime
        )
    }

    /// Returns a step record at `step`, timed at 10 steps per second from the start time.
    static func step(_ step: Int, loss: Double? = nil, groups: Int, reward: Double? = nil) -> StepRecord {
        let t = Double(step)
        let wobble = Double((step * 7919) % 17) / 17.0 - 0.5
        let lossValue = loss ?? (2.3 * exp(-t / 150) + 0.1 + 0.05 * wobble)
        let groupSteps = (0..<groups).map { index in
            GroupStep(
                scale: 1 + 0.5 * sin(t / 40 + Double(index)),
                clip: 1 + 0.25 * cos(t / 60 + Double(index)),
                dampen: 0.5 + 0.4 * sin(t / 90 + Double(index)),
                gradientNorm: 2 * exp(-t / 200) + 0.01
            )
        }
        return StepRecord(
            step: step, wallTime: startTime + t / 10, loss: lossValue,
            reward: reward ?? (0.02 * wobble + 0.01 * exp(-t / 300)),
            baseline: 0.01 * exp(-t / 300), groups: groupSteps
        )
    }

    static func event(_ kind: EventRecord.Kind, at step: Int, message: String = "", group: String? = nil) -> EventRecord {
        EventRecord(step: step, wallTime: startTime + Double(step) / 10, kind: kind, group: group, message: message)
    }

    /// Returns the history of a run of `steps` steps, with evaluations every 100 steps and
    /// a freeze, an unfreeze, a reset and a snapshot along the way.
    static func run(steps: Int, groups: [String], events: Bool = true) -> RunHistory {
        var history = RunHistory()
        history.ingest(.header(header(groups: groups)))
        for index in 0..<steps {
            history.ingest(.step(step(index, groups: groups.count)))
            if index % 100 == 99 {
                let accuracy = 0.5 + 0.45 * (1 - exp(-Double(index) / 200))
                history.ingest(.evaluation(EvaluationRecord(
                    step: index, wallTime: startTime + Double(index) / 10,
                    metrics: [Metric(name: "accuracy", value: accuracy), Metric(name: "loss", value: 0.3)]
                )))
            }
            guard events else { continue }
            if index == steps / 4 { history.ingest(.event(event(.freeze, at: index, message: "brain frozen"))) }
            if index == steps / 2 { history.ingest(.event(event(.unfreeze, at: index, message: "brain learning"))) }
            if index == steps * 3 / 5 {
                history.ingest(.event(event(.reset, at: index, message: "reset group \(groups[0])", group: groups[0])))
            }
            if index == steps * 4 / 5 {
                history.ingest(.event(event(.snapshot, at: index, message: "snapshot saved to runs/digits-seed1/step-\(index).npz")))
            }
            if index % 10 == 0 { history.ingest(.event(event(.brainUpdate, at: index))) }
        }
        return history
    }

    /// Returns column summaries holding one value each, for widget tests.
    static func columns(_ values: [Double?]) -> [ColumnSummary?] {
        values.map { value in
            value.map { value in
                var summary = ColumnSummary()
                summary.add(value)
                return summary
            }
        }
    }
}
