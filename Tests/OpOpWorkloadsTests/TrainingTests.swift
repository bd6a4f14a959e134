import XCTest
@testable import OpOpWorkloads

/// Trains each workload with plain SGD and checks that it learns. The thresholds leave a
/// margin: with these seeds, digits reached 0.93 and 0.97 held-out accuracy after 400
/// steps, and spirals 0.93 and 0.98 after 2,000 (debug build, Swift 6.3.1, x86-64).
final class TrainingTests: XCTestCase {
    func testDigitsLearnsWithSGD() throws {
        for seed: UInt64 in [1, 2] {
            let workload = try DigitsWorkload(seed: seed)
            let before = try metrics(of: workload)

            let losses = try train(workload, steps: 400, learningRate: 0.1)
            let after = try metrics(of: workload)

            XCTAssertLessThan(before["accuracy"]!, 0.3, "seed \(seed): untrained accuracy should be near chance (0.1)")
            XCTAssertLessThan(mean(losses.suffix(50)), mean(losses.prefix(10)) / 4, "seed \(seed): training loss")
            XCTAssertGreaterThan(after["accuracy"]!, 0.85, "seed \(seed): held-out accuracy")
            XCTAssertLessThan(after["loss"]!, before["loss"]! / 3, "seed \(seed): held-out loss")
        }
    }

    func testSpiralsLearnsWithSGD() throws {
        for seed: UInt64 in [1, 2] {
            let workload = SpiralsWorkload(seed: seed)
            let before = try metrics(of: workload)

            let losses = try train(workload, steps: 2_000, learningRate: 0.3)
            let after = try metrics(of: workload)

            XCTAssertLessThan(mean(losses.suffix(100)), mean(losses.prefix(100)) / 2, "seed \(seed): training loss")
            XCTAssertGreaterThan(after["accuracy"]!, 0.85, "seed \(seed): held-out accuracy")
            XCTAssertLessThan(after["loss"]!, before["loss"]!, "seed \(seed): held-out loss")
        }
    }

    func testEvaluateLeavesGradientsAlone() throws {
        let workload = SpiralsWorkload(seed: 4)
        _ = try workload.trainingStep()
        let gradients = workload.groups.map(\.gradient)

        let first = try workload.evaluate()
        let second = try workload.evaluate()

        XCTAssertEqual(workload.groups.map(\.gradient), gradients)
        XCTAssertEqual(first.map(\.name), ["accuracy", "loss"])
        XCTAssertEqual(first.map(\.value), second.map(\.value))
    }

    func testEpochCount() throws {
        let workload = SpiralsWorkload(seed: 4)
        let trainingRows = workload.training.trainingSet.count

        // 800 training points and 32 per batch: a pass ends on the 25th step.
        for _ in 0..<(trainingRows / SpiralsWorkload.batchSize - 1) {
            _ = try workload.trainingStep()
        }
        XCTAssertEqual(workload.completedEpochs, 0)

        _ = try workload.trainingStep()
        XCTAssertEqual(workload.completedEpochs, 1)
    }

    private func train(_ workload: any Workload, steps: Int, learningRate: Float) throws -> [Double] {
        var losses: [Double] = []
        for _ in 0..<steps {
            losses.append(try workload.trainingStep())
            applySGD(to: workload.groups, learningRate: learningRate)
        }
        return losses
    }

    private func metrics(of workload: any Workload) throws -> [String: Double] {
        Dictionary(uniqueKeysWithValues: try workload.evaluate().map { ($0.name, $0.value) })
    }

    private func mean(_ values: some Collection<Double>) -> Double {
        values.reduce(0, +) / Double(values.count)
    }
}
