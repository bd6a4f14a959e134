import Foundation
import OpOpBrain
import XCTest

/// Prints the brain's per-step cost and never asserts a time. Runs only when
/// OPOP_BENCHMARK=1, and is meant for a release build:
///
///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter BrainBenchmarkTests
final class BrainBenchmarkTests: XCTestCase {
    let gradientSize = 4096
    let steps = 200
    /// The machine may be shared, so each figure is the fastest of this many runs.
    let repeats = 5

    func testPerStepCost() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_BENCHMARK=1 to run the benchmark")
        }
        for groupCount in [4, 47] {
            try measureBrain(groupCount: groupCount)
            try measureOptimizer(groupCount: groupCount)
        }
    }

    func makeGradients(groupCount: Int) -> [[Float]] {
        var generator = SeededGenerator(seed: 3)
        return (0..<groupCount).map { _ in (0..<gradientSize).map { _ in Float(generator.nextNormal()) } }
    }

    /// decide + recordGradient per group + finishStep, policy updates included.
    func measureBrain(groupCount: Int) throws {
        let names = (0..<groupCount).map { "group\($0)" }
        let brain = try Brain(configuration: BrainConfiguration(groupNames: names))
        let gradients = makeGradients(groupCount: groupCount)

        func runStep(_ step: Int) {
            brain.decide(loss: 2 / Double(step + 1) + 0.1)
            for group in 0..<groupCount {
                gradients[group].withUnsafeBufferPointer { brain.recordGradient(group: group, gradient: $0) }
            }
            brain.finishStep()
        }
        for step in 0..<50 {
            runStep(step)
        }

        var next = 50
        let elapsed = fastest {
            for _ in 0..<steps {
                runStep(next)
                next += 1
            }
        }
        print("brain step, \(groupCount) groups x \(gradientSize) floats: \(microseconds(elapsed) / Double(steps)) µs"
            + " (\(brain.status.updates) policy updates)")
    }

    /// BrainOptimizer with SGD against the bare SGD step on the same groups.
    func measureOptimizer(groupCount: Int) throws {
        let names = (0..<groupCount).map { "group\($0)" }
        let gradients = makeGradients(groupCount: groupCount)
        let groups = (0..<groupCount).map { index -> ParameterGroup in
            let group = ParameterGroup(name: names[index], values: [Float](repeating: 0, count: gradientSize))
            group.gradient = gradients[index]
            return group
        }
        let bare = try SGD(learningRate: 1e-4)
        let wrapped = BrainOptimizer(
            base: try SGD(learningRate: 1e-4), brain: try Brain(configuration: BrainConfiguration(groupNames: names)))

        let bareTime = try fastest {
            for _ in 0..<steps {
                try bare.step(groups)
            }
        }
        var next = 0
        let wrappedTime = try fastest {
            for _ in 0..<steps {
                _ = try wrapped.step(groups, loss: 2 / Double(next + 1) + 0.1)
                next += 1
            }
        }
        print("sgd step, \(groupCount) groups: bare \(microseconds(bareTime) / Double(steps)) µs,"
            + " with brain \(microseconds(wrappedTime) / Double(steps)) µs")
    }

    func fastest(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        var best = Duration.seconds(Int64.max)
        for _ in 0..<repeats {
            best = min(best, try clock.measure(body))
        }
        return best
    }

    func microseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
    }
}
