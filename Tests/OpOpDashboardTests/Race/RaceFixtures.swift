import Foundation
import OpOpTrace
@testable import OpOpDashboard

/// A race of known losses: the bare run follows `bareLoss(step)` and the brain run the
/// same curve times `brainFactor`, so every ratio of their EMAs is `brainFactor` exactly
/// up to rounding.
enum RaceFixtures {
    static let groups = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]

    static func bareLoss(_ step: Int) -> Double {
        2.3 * exp(-Double(step) / 150) + 0.1
    }

    static func header(brain: Bool) -> TraceHeader {
        TraceHeader(
            runName: brain ? "race/brain" : "race/bare", workload: "digits", groupNames: groups, optimizer: "adam",
            optimizerSettings: ["lr": 0.001], brainSettings: brain ? ["exploration_std": 0.1] : [:],
            startTime: Fixtures.startTime
        )
    }

    /// Returns a race of `steps` steps whose brain losses are `brainFactor` times the bare
    /// run's, with an evaluation of each run every 100 steps.
    static func race(steps: Int, brainFactor: Double, name: String? = "20261205-010203-digits-race") -> RaceHistory {
        var race = RaceHistory(name: name)
        race.ingest(.header(header(brain: true)), from: .brain)
        race.ingest(.header(header(brain: false)), from: .bare)
        for index in 1...steps {
            let bare = Fixtures.step(index, loss: bareLoss(index), groups: groups.count)
            var brain = Fixtures.step(index, loss: bareLoss(index) * brainFactor, groups: groups.count)
            brain.reward = 0.01
            race.ingest(.step(brain), from: .brain)
            race.ingest(.step(bare), from: .bare)
            if index % 100 == 0 {
                race.ingest(.evaluation(evaluation(index, accuracy: 0.91)), from: .brain)
                race.ingest(.evaluation(evaluation(index, accuracy: 0.89)), from: .bare)
            }
        }
        return race
    }

    static func evaluation(_ step: Int, accuracy: Double) -> EvaluationRecord {
        EvaluationRecord(step: step, wallTime: Fixtures.startTime + Double(step) / 10, metrics: [Metric(name: "accuracy", value: accuracy)])
    }
}
