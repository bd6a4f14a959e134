import XCTest
@testable import OpOpBrain

/// A brain that never explores stays exactly neutral, and a neutral brain changes nothing.
final class NeutralityTests: XCTestCase {
    func testNewBrainDecidesNeutralMeans() throws {
        let brain = try makeBrain(groups: ["a", "b", "c"], explorationStd: 0.3)

        brain.decide(loss: 2.5)

        XCTAssertEqual(brain.status.meanKnobs, Array(repeating: .neutral, count: 3))
    }

    func testWrappedStepMatchesBareStepBitForBit() throws {
        for kind in OptimizerKind.allCases {
            let bareProblem = LinearRegressionProblem(seed: 7)
            let wrappedProblem = LinearRegressionProblem(seed: 7)
            // Adam's default rate moves each weight by at most about 0.2 in 200 steps.
            let learningRate: Float? = (kind == .adam || kind == .adamw) ? 0.05 : nil
            let bare = try makeOptimizer(kind: kind, learningRate: learningRate)
            let brain = try makeBrain(groups: ["weight", "bias"], explorationStd: 0)
            let wrapped = BrainOptimizer(base: try makeOptimizer(kind: kind, learningRate: learningRate), brain: brain)
            let initialParameters = brain.learner.network.parameters
            let initialLoss = bareProblem.evaluate()

            for step in 0..<200 {
                bareProblem.evaluate(batch: bareProblem.minibatch(step: step))
                try bare.step(bareProblem.groups)

                let loss = wrappedProblem.evaluate(batch: wrappedProblem.minibatch(step: step))
                let report = try wrapped.step(wrappedProblem.groups, loss: loss)
                XCTAssertEqual(report.knobs, [.neutral, .neutral], "\(kind) step \(step)")
                XCTAssertEqual(report.clipped, [false, false], "\(kind) step \(step)")
            }

            for (bareGroup, wrappedGroup) in zip(bareProblem.groups, wrappedProblem.groups) {
                XCTAssertEqual(
                    bareGroup.values.map(\.bitPattern), wrappedGroup.values.map(\.bitPattern),
                    "\(kind) group \(bareGroup.name)")
            }
            XCTAssertLessThan(bareProblem.evaluate(), initialLoss / 2, "\(kind) should train the problem")
            XCTAssertEqual(brain.learner.network.parameters, initialParameters, "\(kind) policy moved")
            XCTAssertEqual(brain.status.updates, 0, "\(kind)")
        }
    }
}
