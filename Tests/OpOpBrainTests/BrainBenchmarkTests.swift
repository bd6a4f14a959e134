import Foundation
import OpOpBrain
import XCTest

/// Prints the brain's per-step cost and never asserts a time. Runs only when
/// OPOP_BENCHMARK=1, and is meant for a release build:
///
///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter BrainBenchmarkTests
///
/// Uses only the public API, so the same file measures any version of the brain.
final class BrainBenchmarkTests: XCTestCase {
    let gradientSize = 4096
    /// A multiple of the default update interval (16), so every run takes the same number
    /// of policy updates.
    let stepsPerRun = 64
    /// The machine may be shared, so each figure is the median of this many runs.
    let runs = 31

    func testPerStepCost() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_BENCHMARK=1 to run the benchmark")
        }
        for groupCount in [1, 4, 8, 47] {
            try measureBrain(groupCount: groupCount)
        }
        for groupCount in [4, 47] {
            try measureOptimizer(groupCount: groupCount)
        }
    }

    /// Runs 2,048 brain steps untimed, for a profiler such as callgrind:
    ///
    ///     OPOP_BRAIN_PROFILE_GROUPS=47 valgrind --tool=callgrind \
    ///         .build/release/opop-topPackageTests.xctest OpOpBrainTests.BrainBenchmarkTests/testStepsForProfiler
    func testStepsForProfiler() throws {
        guard let text = ProcessInfo.processInfo.environment["OPOP_BRAIN_PROFILE_GROUPS"] else {
            throw XCTSkip("set OPOP_BRAIN_PROFILE_GROUPS to a group count to run brain steps for a profiler")
        }
        guard let groupCount = Int(text), groupCount > 0 else {
            XCTFail("OPOP_BRAIN_PROFILE_GROUPS is '\(text)', expected a whole number of groups above 0")
            return
        }

        let brain = try Brain(configuration: BrainConfiguration(groupNames: (0..<groupCount).map { "group\($0)" }))
        let gradients = makeGradients(groupCount: groupCount)
        for step in 0..<2048 {
            brain.decide(loss: 2 / Double(step + 1) + 0.1 + 0.01 * Double(step % 7))
            for group in 0..<groupCount {
                gradients[group].withUnsafeBufferPointer { brain.recordGradient(group: group, gradient: $0) }
            }
            brain.finishStep()
        }
        print("profiled 2048 brain steps with \(groupCount) groups, \(brain.status.updates) policy updates")
    }

    func makeGradients(groupCount: Int) -> [[Float]] {
        var generator = SeededGenerator(seed: 3)
        return (0..<groupCount).map { _ in (0..<gradientSize).map { _ in Float(generator.nextNormal()) } }
    }

    /// The cost of one brain step in microseconds, split into its parts.
    struct StepCost {
        /// `recordGradient` for every group: norms and gradient statistics.
        var observe: Double
        /// `decide` at steps without a policy update: loss features, policy forward, sampling.
        var decide: Double
        /// The extra time of the steps that update the policy, spread over all steps.
        var learn: Double
        /// Everything per step, `finishStep` included.
        var total: Double
    }

    /// Times `decide`, `recordGradient` per group and `finishStep` call by call. The clock
    /// reads add about 0.05 µs per step to the total.
    func measureBrain(groupCount: Int) throws {
        let names = (0..<groupCount).map { "group\($0)" }
        let brain = try Brain(configuration: BrainConfiguration(groupNames: names))
        let gradients = makeGradients(groupCount: groupCount)
        let clock = ContinuousClock()
        var next = 0

        func runSteps(_ count: Int) -> StepCost {
            var observe = Duration.zero
            var plainDecide = Duration.zero
            var plainDecideCount = 0
            var updatingDecide = Duration.zero
            var updatingDecideCount = 0
            var total = Duration.zero

            for _ in 0..<count {
                // Losses that fall and wobble, so rewards vary as in training.
                let loss = 2 / Double(next + 1) + 0.1 + 0.01 * Double(next % 7)
                next += 1

                let start = clock.now
                brain.decide(loss: loss)
                let decided = clock.now
                for group in 0..<groupCount {
                    gradients[group].withUnsafeBufferPointer { brain.recordGradient(group: group, gradient: $0) }
                }
                let observed = clock.now
                brain.finishStep()
                let finished = clock.now

                observe += observed - decided
                total += finished - start
                if brain.didUpdatePolicy {
                    updatingDecide += decided - start
                    updatingDecideCount += 1
                } else {
                    plainDecide += decided - start
                    plainDecideCount += 1
                }
            }

            let decideEach = microseconds(plainDecide) / Double(max(plainDecideCount, 1))
            let extra = microseconds(updatingDecide) - decideEach * Double(updatingDecideCount)
            return StepCost(
                observe: microseconds(observe) / Double(count),
                decide: decideEach,
                learn: extra / Double(count),
                total: microseconds(total) / Double(count))
        }

        _ = runSteps(64)
        let costs = (0..<runs).map { _ in runSteps(stepsPerRun) }
        let line = String(
            format: "brain step, %2d groups x %d floats: total %.2f µs = observe %.2f + decide %.2f + learn %.2f"
                + " (medians of %d runs of %d steps, %d policy updates in all)",
            groupCount, gradientSize, median(costs.map(\.total)), median(costs.map(\.observe)),
            median(costs.map(\.decide)), median(costs.map(\.learn)), runs, stepsPerRun, brain.status.updates)
        print(line)
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
        let clock = ContinuousClock()

        var bareTimes: [Double] = []
        var wrappedTimes: [Double] = []
        var next = 0
        for _ in 0..<runs {
            bareTimes.append(microseconds(try clock.measure {
                for _ in 0..<stepsPerRun {
                    try bare.step(groups)
                }
            }) / Double(stepsPerRun))
            wrappedTimes.append(microseconds(try clock.measure {
                for _ in 0..<stepsPerRun {
                    _ = try wrapped.step(groups, loss: 2 / Double(next + 1) + 0.1)
                    next += 1
                }
            }) / Double(stepsPerRun))
        }
        print(String(
            format: "sgd step, %2d groups x %d floats: bare %.2f µs, with brain %.2f µs (medians of %d runs)",
            groupCount, gradientSize, median(bareTimes), median(wrappedTimes), runs))
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    func microseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
    }
}
