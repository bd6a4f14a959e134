import Foundation
import OpOpBrain
import OpOpWorkloads
import XCTest

/// Prints training steps per second for a person to read. Nothing here is asserted.
///
/// Skipped unless OPOP_BENCHMARK=1, because the figure means something only in a release
/// build. `scripts/measure-workload-speed.sh` builds and runs it.
final class ThroughputBenchmark: XCTestCase {
    func testPrintStepsPerSecond() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("Set OPOP_BENCHMARK=1 and build with -c release to measure throughput")
        }

        for name in WorkloadCatalog.names {
            let workload = try WorkloadCatalog.make(name: name, seed: 7)
            let stepCount = 20_000

            // Warm caches and page in the buffers before timing.
            for _ in 0..<500 {
                _ = try workload.trainingStep()
                applySGD(to: workload.groups, learningRate: 0.05)
            }

            let clock = ContinuousClock()
            var lastLoss = 0.0
            let stepsOnly = try clock.measure {
                for _ in 0..<stepCount {
                    lastLoss = try workload.trainingStep()
                }
            }
            let stepsWithUpdate = try clock.measure {
                for _ in 0..<stepCount {
                    lastLoss = try workload.trainingStep()
                    applySGD(to: workload.groups, learningRate: 0.05)
                }
            }
            let evaluation = try clock.measure {
                _ = try workload.evaluate()
            }

            print(String(
                format: "%@: %.0f steps/s forward+backward, %.0f steps/s with SGD update, evaluate %.2f ms (last loss %.3f)",
                name,
                Double(stepCount) / seconds(stepsOnly),
                Double(stepCount) / seconds(stepsWithUpdate),
                seconds(evaluation) * 1000,
                lastLoss
            ))
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
