import Foundation
import XCTest
@testable import OpOpBrain

final class ScaleInvarianceTests: XCTestCase {
    /// Loss × 100 with SGD's rate ÷ 100 takes the same parameter steps, so a scale-invariant
    /// brain with the same seed makes the same decisions, exploration and learning included.
    func testScaledLossAndRateGiveSameDecisions() throws {
        let plain = LinearRegressionProblem(seed: 3)
        let scaled = LinearRegressionProblem(seed: 3, lossScale: 100)
        let plainBrain = try makeBrain(groups: ["weight", "bias"], seed: 9, explorationStd: 0.2)
        let scaledBrain = try makeBrain(groups: ["weight", "bias"], seed: 9, explorationStd: 0.2)
        let plainOptimizer = BrainOptimizer(base: try SGD(learningRate: 0.05), brain: plainBrain)
        let scaledOptimizer = BrainOptimizer(base: try SGD(learningRate: 0.05 / 100), brain: scaledBrain)

        var maximumDifference: Float = 0
        for step in 0..<300 {
            let plainLoss = plain.evaluate(batch: plain.minibatch(step: step))
            let scaledLoss = scaled.evaluate(batch: scaled.minibatch(step: step))
            let plainReport = try plainOptimizer.step(plain.groups, loss: plainLoss)
            let scaledReport = try scaledOptimizer.step(scaled.groups, loss: scaledLoss)

            for (a, b) in zip(plainReport.knobs, scaledReport.knobs) {
                maximumDifference = max(maximumDifference, abs(a.scale - b.scale), abs(a.clip - b.clip), abs(a.dampen - b.dampen))
            }
            XCTAssertEqual(plainReport.brainUpdated, scaledReport.brainUpdated, "step \(step)")
        }

        XCTAssertLessThan(maximumDifference, 1e-3)
        XCTAssertGreaterThan(plainBrain.status.updates, 10, "the policy should have learned during the run")
        XCTAssertNotEqual(plainBrain.status.meanKnobs[0], .neutral, "the policy should have moved")
    }

    func testObservationIgnoresLossScale() throws {
        var plain = LossObserver(window: 16)
        var scaled = LossObserver(window: 16)
        for step in 0..<40 {
            let loss = 3 + sin(Double(step)) - 0.05 * Double(step)
            plain.record(loss)
            scaled.record(loss * 1000)
        }

        var plainFeatures = [Float](repeating: 0, count: LossObserver.featureCount)
        var scaledFeatures = plainFeatures
        plain.writeFeatures(to: &plainFeatures)
        scaled.writeFeatures(to: &scaledFeatures)

        for index in plainFeatures.indices {
            XCTAssertEqual(plainFeatures[index], scaledFeatures[index], accuracy: 1e-5, "feature \(index)")
        }
        XCTAssertTrue(plainFeatures.contains { $0 != 0 }, "features should not all be zero")
    }
}
