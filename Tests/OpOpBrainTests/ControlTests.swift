import XCTest
@testable import OpOpBrain

final class ControlTests: XCTestCase {
    /// Trains a brain on the regression problem until its policy has moved.
    func trainedOptimizer(steps: Int = 200) throws -> (BrainOptimizer, LinearRegressionProblem) {
        let problem = LinearRegressionProblem(seed: 2)
        let brain = try makeBrain(groups: ["weight", "bias"], explorationStd: 0.2)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.05), brain: brain)
        for step in 0..<steps {
            let loss = problem.evaluate(batch: problem.minibatch(step: step))
            _ = try optimizer.step(problem.groups, loss: loss)
        }
        XCTAssertGreaterThan(brain.status.updates, 0)
        return (optimizer, problem)
    }

    func testFreezeHoldsKnobsAndStopsLearning() throws {
        let (optimizer, problem) = try trainedOptimizer()
        let brain = optimizer.brain
        brain.freeze()
        let heldKnobs = brain.status.knobs
        let parameters = brain.learner.network.parameters
        let updates = brain.status.updates

        for step in 0..<50 {
            let loss = problem.evaluate(batch: problem.minibatch(step: step))
            let report = try optimizer.step(problem.groups, loss: loss)
            XCTAssertEqual(report.knobs, heldKnobs, "step \(step)")
            XCTAssertNil(report.reward, "step \(step)")
            XCTAssertFalse(report.brainUpdated, "step \(step)")
        }

        XCTAssertTrue(brain.isFrozen)
        XCTAssertTrue(brain.status.isFrozen)
        XCTAssertEqual(brain.learner.network.parameters, parameters)
        XCTAssertEqual(brain.status.updates, updates)
    }

    func testUnfreezeResumesDecidingAndLearning() throws {
        let (optimizer, problem) = try trainedOptimizer()
        let brain = optimizer.brain
        brain.freeze()
        let heldKnobs = brain.status.knobs
        for step in 0..<5 {
            _ = try optimizer.step(problem.groups, loss: problem.evaluate(batch: problem.minibatch(step: step)))
        }
        let updates = brain.status.updates

        brain.unfreeze()
        var rewards = 0
        for step in 0..<40 {
            let report = try optimizer.step(problem.groups, loss: problem.evaluate(batch: problem.minibatch(step: step)))
            if report.reward != nil {
                rewards += 1
            }
            if step == 0 {
                XCTAssertNotEqual(report.knobs, heldKnobs)
            }
        }

        XCTAssertFalse(brain.isFrozen)
        XCTAssertEqual(rewards, 19, "every 2-step window after unfreezing is rewarded when it closes")
        XCTAssertGreaterThan(brain.status.updates, updates)
    }

    func testResetGroupMakesItExactlyNeutral() throws {
        let (optimizer, problem) = try trainedOptimizer()
        let brain = optimizer.brain
        XCTAssertNotEqual(brain.status.meanKnobs[0], .neutral)

        try optimizer.reset(group: 0)

        XCTAssertEqual(brain.status.knobs[0], .neutral)
        XCTAssertEqual(brain.status.meanKnobs[0], .neutral)
        XCTAssertNil(brain.normCeiling(group: 0))
        XCTAssertEqual(brain.groupObservers[0].normCount, 0)
        XCTAssertEqual(brain.groupObservers[0].cosines.count, 0)
        XCTAssertEqual(brain.groupObservers[0].features, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(brain.status.bufferedExperiences, 0)

        brain.decide(loss: problem.evaluate())
        XCTAssertEqual(brain.status.meanKnobs[0], .neutral, "zero last-layer rows give neutral means for any observation")
        XCTAssertNotEqual(brain.status.meanKnobs[1], .neutral)
        XCTAssertEqual(brain.groupObservers[1].normCount, 200, "the other group keeps its history")
    }

    func testResetAllMakesEveryGroupNeutral() throws {
        let (optimizer, problem) = try trainedOptimizer()
        let brain = optimizer.brain

        optimizer.resetAll()
        brain.decide(loss: problem.evaluate())

        XCTAssertEqual(brain.status.meanKnobs, [.neutral, .neutral])
        XCTAssertEqual(brain.groupObservers.map(\.normCount), [0, 0])
    }

    func testResetRejectsOutOfRangeGroup() throws {
        let brain = try makeBrain(groups: ["weight", "bias"])

        for index in [-1, 2, 47] {
            XCTAssertThrowsError(try brain.reset(group: index)) { error in
                XCTAssertEqual(error as? BrainError, .groupIndexOutOfRange(index: index, groupCount: 2))
                XCTAssertEqual(
                    "\(error)", "group index \(index) is out of range: this brain has 2 groups, so use an index in 0...1")
            }
        }
    }

    func testOptimizerResetClearsDampening() throws {
        let problem = LinearRegressionProblem(seed: 2)
        let brain = try makeBrain(groups: ["weight", "bias"], explorationStd: 0)
        setOutputBias(brain, group: 0, scale: 0, clip: 0, dampen: 2)
        setOutputBias(brain, group: 1, scale: 0, clip: 0, dampen: 2)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.05), brain: brain)
        for _ in 0..<5 {
            _ = try optimizer.step(problem.groups, loss: problem.evaluate())
        }

        optimizer.resetAll()
        _ = problem.evaluate()
        let before = problem.weight.values
        let gradient = problem.weight.gradient
        let report = try optimizer.step(problem.groups, loss: problem.evaluate())

        XCTAssertEqual(report.knobs, [.neutral, .neutral])
        for index in before.indices {
            XCTAssertEqual(problem.weight.values[index], before[index] - 0.05 * gradient[index], "element \(index)")
        }
    }
}
