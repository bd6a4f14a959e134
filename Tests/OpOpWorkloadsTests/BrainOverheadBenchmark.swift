import Foundation
import OpOpBrain
import OpOpWorkloads
import XCTest

/// Prints the default workload's training speed with the bare Adam optimizer and with
/// Adam wrapped by the brain, for a person to read. Nothing here is asserted.
///
/// Skipped unless OPOP_BENCHMARK=1, because the figures mean something only in a release
/// build:
///
///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter BrainOverheadBenchmark
final class BrainOverheadBenchmark: XCTestCase {
    let stepsPerBlock = 2000
    /// Blocks of each kind, run alternately so that a change in the machine's load hits both.
    let blocks = 9

    func testPrintBrainOverhead() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("Set OPOP_BENCHMARK=1 and build with -c release to measure the brain's overhead")
        }

        let bareWorkload = try WorkloadCatalog.make(name: WorkloadCatalog.defaultName, seed: 7)
        let bare = try makeOptimizer(kind: .adam)
        let wrappedWorkload = try WorkloadCatalog.make(name: WorkloadCatalog.defaultName, seed: 7)
        let names = wrappedWorkload.groups.map(\.name)
        let wrapped = BrainOptimizer(
            base: try makeOptimizer(kind: .adam), brain: try Brain(configuration: BrainConfiguration(groupNames: names)))

        let clock = ContinuousClock()
        var optimizerTime = Duration.zero
        let bareStep = {
            _ = try bareWorkload.trainingStep()
            let start = clock.now
            try bare.step(bareWorkload.groups)
            optimizerTime += clock.now - start
        }
        let wrappedStep = {
            let loss = try wrappedWorkload.trainingStep()
            let start = clock.now
            _ = try wrapped.step(wrappedWorkload.groups, loss: loss)
            optimizerTime += clock.now - start
        }

        // Warm caches and page in the buffers before timing.
        try runBlock(bareStep)
        try runBlock(wrappedStep)

        var bareTimes: [Double] = []
        var wrappedTimes: [Double] = []
        var bareOptimizerTimes: [Double] = []
        var wrappedOptimizerTimes: [Double] = []
        for _ in 0..<blocks {
            optimizerTime = .zero
            bareTimes.append(try runBlock(bareStep))
            bareOptimizerTimes.append(microseconds(optimizerTime) / Double(stepsPerBlock))
            optimizerTime = .zero
            wrappedTimes.append(try runBlock(wrappedStep))
            wrappedOptimizerTimes.append(microseconds(optimizerTime) / Double(stepsPerBlock))
        }

        // The two runs train different weights, so their forward and backward passes may
        // differ in cost. The optimizer steps alone show what the brain adds.
        let bareMedian = median(bareTimes)
        let wrappedMedian = median(wrappedTimes)
        let bareOptimizer = median(bareOptimizerTimes)
        let wrappedOptimizer = median(wrappedOptimizerTimes)
        print(String(
            format: "%@ with adam: whole step bare %.2f µs (%.0f steps/s), with brain %.2f µs (%.0f steps/s);"
                + " optimizer step bare %.2f µs, with brain %.2f µs, brain %.2f µs = %.1f%% of the bare whole step"
                + " (medians of %d blocks of %d steps)",
            WorkloadCatalog.defaultName, bareMedian, 1e6 / bareMedian, wrappedMedian, 1e6 / wrappedMedian,
            bareOptimizer, wrappedOptimizer, wrappedOptimizer - bareOptimizer,
            100 * (wrappedOptimizer - bareOptimizer) / bareMedian, blocks, stepsPerBlock))
    }

    /// Runs `stepsPerBlock` steps and returns the mean time per step in microseconds.
    @discardableResult
    private func runBlock(_ step: () throws -> Void) throws -> Double {
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<stepsPerBlock {
                try step()
            }
        }
        return microseconds(elapsed) / Double(stepsPerBlock)
    }

    private func microseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
