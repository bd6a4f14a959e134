import XCTest
@testable import OpOpBrain

/// A NaN or infinite loss or gradient is counted and never learned from.
final class BadValueTests: XCTestCase {
    func testNonFiniteLossIsCountedAndNotRecorded() throws {
        for badLoss in [Double.nan, .infinity, -.infinity] {
            let brain = try makeBrain(groups: ["a"])
            brain.decide(loss: 1.0)
            brain.finishStep()
            brain.decide(loss: 0.9)
            brain.finishStep()
            let historyBefore = brain.lossObserver.history.timeOrdered

            brain.decide(loss: badLoss)
            brain.finishStep()

            XCTAssertEqual(brain.status.badSteps, 1, "\(badLoss)")
            XCTAssertNil(brain.status.lastReward, "\(badLoss)")
            XCTAssertEqual(brain.lossObserver.history.timeOrdered, historyBefore, "\(badLoss)")
        }
    }

    /// Runs one step per loss and returns the last step's reward.
    func step(_ brain: Brain, losses: [Double]) -> Double? {
        for loss in losses {
            brain.decide(loss: loss)
            brain.finishStep()
        }
        return brain.status.lastReward
    }

    func testNonFiniteLossSpoilsWindow() throws {
        let brain = try makeBrain(groups: ["a"])
        // The first window of the first pair: 1.0, 0.8, then 0.6 closes it.
        XCTAssertEqual(try XCTUnwrap(step(brain, losses: [1.0, 0.8, 0.6])), 0.5, accuracy: 1e-12)

        // The second window contains a NaN, so it is not rewarded and the pair is not learned from.
        XCTAssertNil(step(brain, losses: [.nan, 0.4]), "a window with a NaN loss must not be rewarded")
        XCTAssertEqual(brain.status.bufferedExperiences, 0)

        // The next pair has finite losses only, and both its decisions are kept.
        XCTAssertNotNil(step(brain, losses: [0.3, 0.2]))
        XCTAssertNotNil(step(brain, losses: [0.15, 0.1]))
        XCTAssertEqual(brain.status.bufferedExperiences, 2, "only the pair between finite losses")
    }

    func testNonFiniteGradientSkipsGroup() throws {
        let problem = LinearRegressionProblem(seed: 4)
        let brain = try makeBrain(groups: ["weight", "bias"])
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.1), brain: brain)
        let loss = problem.evaluate()
        problem.bias.gradient[1] = .nan
        let weightBefore = problem.weight.values
        let biasBefore = problem.bias.values

        let report = try optimizer.step(problem.groups, loss: loss)

        XCTAssertEqual(report.skippedGroups, [1])
        XCTAssertTrue(report.badValue)
        XCTAssertTrue(report.gradientNorms[1].isNaN)
        XCTAssertEqual(problem.bias.values, biasBefore, "a skipped group must not move")
        XCTAssertNotEqual(problem.weight.values, weightBefore, "the finite group still steps")
        XCTAssertEqual(brain.status.badSteps, 1)
        XCTAssertEqual(brain.groupObservers[1].normCount, 0, "the bad gradient must not be observed")
        XCTAssertEqual(brain.groupObservers[0].normCount, 1)
    }

    func testDecisionAtBadGradientStepIsNotRewarded() throws {
        let brain = try makeBrain(groups: ["a"])
        brain.decide(loss: 1.0)
        brain.recordGradient(group: 0, gradient: [1, .infinity])
        brain.finishStep()

        brain.decide(loss: 0.8)
        brain.finishStep()
        brain.decide(loss: 0.6)
        brain.finishStep()

        XCTAssertNil(brain.status.lastReward)
        XCTAssertEqual(brain.status.bufferedExperiences, 0)
        XCTAssertEqual(brain.status.badSteps, 1)
    }

    func testBadValuesNeverReachPolicyUpdate() throws {
        let brain = try makeBrain(groups: ["a"]) { $0.updateInterval = 2 }
        var generator = SeededGenerator(seed: 5)
        for step in 0..<200 {
            let loss = step % 7 == 0 ? Double.nan : 1 + generator.nextUnitDouble()
            brain.decide(loss: loss)
            brain.recordGradient(group: 0, gradient: [Float(generator.nextNormal()), step % 11 == 0 ? .infinity : 1])
            brain.finishStep()
        }

        XCTAssertTrue(brain.learner.network.parameters.allSatisfy(\.isFinite))
        XCTAssertTrue(brain.observation.allSatisfy(\.isFinite))
        XCTAssertGreaterThan(brain.status.updates, 0, "rewards between good steps still train the policy")
        XCTAssertEqual(brain.status.badSteps, (0..<200).filter { $0 % 7 == 0 || $0 % 11 == 0 }.count)
    }

    func testKnobsStayFiniteForExtremeWeights() throws {
        for value: Float in [1e30, -1e30, .nan, .infinity] {
            let brain = try makeBrain(groups: ["a", "b"], explorationStd: 0.5)
            for index in brain.learner.network.parameters.indices {
                brain.learner.network.parameters[index] = value
            }

            let knobs = brain.decide(loss: 1)

            for knob in knobs {
                XCTAssertTrue(Knobs.scaleRange.contains(knob.scale), "scale \(knob.scale) for weights \(value)")
                XCTAssertTrue(Knobs.clipRange.contains(knob.clip), "clip \(knob.clip) for weights \(value)")
                XCTAssertTrue(Knobs.dampenRange.contains(knob.dampen), "dampen \(knob.dampen) for weights \(value)")
            }
        }
    }

    func testFeaturesStayFiniteForExtremeLosses() throws {
        let brain = try makeBrain(groups: ["a"])
        for loss in [0, 1e-300, 1e300, -1e300, 0, Double.leastNonzeroMagnitude, -1, 1e308] {
            brain.decide(loss: loss)
            brain.recordGradient(group: 0, gradient: [3e38, -3e38, Float.leastNonzeroMagnitude])
            brain.finishStep()
            XCTAssertTrue(brain.observation.allSatisfy(\.isFinite), "loss \(loss): \(brain.observation)")
            XCTAssertTrue(brain.observation.allSatisfy { abs($0) <= 5 }, "loss \(loss): \(brain.observation)")
        }
        XCTAssertEqual(brain.status.badSteps, 0)
    }
}
