import Foundation
import XCTest
@testable import OpOpBrain

/// Each knob has its own effect on the step. The brain's outputs are pinned by setting
/// the last layer's biases with exploration off.
final class BrainOptimizerTests: XCTestCase {
    func testScaleMultipliesSGDUpdate() throws {
        let problem = LinearRegressionProblem(seed: 1)
        let brain = try makeBrain(groups: ["weight", "bias"], explorationStd: 0)
        setOutputBias(brain, group: 0, scale: log(2), clip: 0, dampen: 0)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.1), brain: brain)
        let loss = problem.evaluate()
        let before = problem.weight.values
        let gradient = problem.weight.gradient

        let report = try optimizer.step(problem.groups, loss: loss)

        let scale = report.knobs[0].scale
        XCTAssertEqual(scale, 2, accuracy: 1e-6)
        for index in before.indices {
            XCTAssertEqual(problem.weight.values[index], before[index] - scale * (0.1 * gradient[index]), "element \(index)")
        }
    }

    func testScaleMultipliesAdamUpdate() throws {
        let bareProblem = LinearRegressionProblem(seed: 1)
        let wrappedProblem = LinearRegressionProblem(seed: 1)
        let bare = try Adam(learningRate: 0.01)
        let brain = try makeBrain(groups: ["weight", "bias"], explorationStd: 0)
        setOutputBias(brain, group: 0, scale: log(0.25), clip: 0, dampen: 0)
        setOutputBias(brain, group: 1, scale: log(0.25), clip: 0, dampen: 0)
        let wrapped = BrainOptimizer(base: try Adam(learningRate: 0.01), brain: brain)
        let start = bareProblem.weight.values

        bareProblem.evaluate()
        try bare.step(bareProblem.groups)
        _ = try wrapped.step(wrappedProblem.groups, loss: wrappedProblem.evaluate())

        // Adam's update does not depend on the gradient's scale, so scaling the gradient
        // would change nothing, but scaling the update shortens the step to a quarter.
        for index in start.indices {
            let bareTravel = bareProblem.weight.values[index] - start[index]
            let wrappedTravel = wrappedProblem.weight.values[index] - start[index]
            XCTAssertEqual(wrappedTravel, 0.25 * bareTravel, accuracy: 1e-6, "element \(index)")
        }
    }

    func testDampenLowPassesUpdates() throws {
        let group = ParameterGroup(name: "w", values: [0, 0])
        let brain = try makeBrain(groups: ["w"], explorationStd: 0)
        setOutputBias(brain, group: 0, scale: 0, clip: 0, dampen: atanh(0.75))
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 1), brain: brain)

        group.gradient = [1, -2]
        let first = try optimizer.step([group], loss: 1)
        let d = first.knobs[0].dampen
        XCTAssertEqual(d, 0.75, accuracy: 1e-6)
        // ū_1 = (1 − d)·u_1 + d·0
        let smoothed1 = [(1 - d) * 1, (1 - d) * -2]
        XCTAssertEqual(group.values, [-smoothed1[0], -smoothed1[1]])

        group.gradient = [-1, 4]
        _ = try optimizer.step([group], loss: 1)
        let smoothed2 = [(1 - d) * -1 + d * smoothed1[0], (1 - d) * 4 + d * smoothed1[1]]
        XCTAssertEqual(group.values[0], -smoothed1[0] - smoothed2[0], accuracy: 1e-6)
        XCTAssertEqual(group.values[1], -smoothed1[1] - smoothed2[1], accuracy: 1e-6)
    }

    /// Steady gradients with a little spread in norm, then a spike of 100 times the norm.
    func runSpike(clipPreActivation: Float, warmup: Int = 5) throws -> (StepReport, [Float], Float?) {
        let group = ParameterGroup(name: "w", values: [0, 0, 0])
        let brain = try makeBrain(groups: ["w"], explorationStd: 0) { $0.clipWarmupSteps = warmup }
        setOutputBias(brain, group: 0, scale: 0, clip: clipPreActivation, dampen: 0)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 1), brain: brain)

        for step in 0..<20 {
            let size: Float = step % 2 == 0 ? 1.0 : 1.1
            group.gradient = [size, 0, 0]
            let report = try optimizer.step([group], loss: 1)
            XCTAssertEqual(report.clipped, [false], "steady step \(step)")
        }

        group.gradient = [0, 100, 0]
        let before = group.values
        let report = try optimizer.step([group], loss: 1)
        let travel = zip(group.values, before).map { $0 - $1 }
        // The ceiling of a decision stays readable until the next `decide`.
        return (report, travel, brain.normCeiling(group: 0))
    }

    func testClipRescalesSpikeToCeiling() throws {
        let (report, travel, ceiling) = try runSpike(clipPreActivation: log(0.5))

        let unwrappedCeiling = try XCTUnwrap(ceiling)
        XCTAssertEqual(report.clipped, [true])
        XCTAssertEqual(report.gradientNorms[0], 100, "the report shows the raw norm")
        XCTAssertEqual(-travel[1], unwrappedCeiling, accuracy: unwrappedCeiling * 1e-3)
        XCTAssertGreaterThan(unwrappedCeiling, 1.1, "z_max = 2 lets the steady norms through")
        XCTAssertLessThan(unwrappedCeiling, 3)
    }

    func testClipAtOneOrMoreIsOff() throws {
        for preActivation: Float in [0, log(1.5), log(5)] {
            let (report, travel, ceiling) = try runSpike(clipPreActivation: preActivation)

            XCTAssertNil(ceiling, "clip \(exp(preActivation))")
            XCTAssertEqual(report.clipped, [false], "clip \(exp(preActivation))")
            XCTAssertEqual(travel, [0, -100, 0], "clip \(exp(preActivation))")
        }
    }

    func testClipWaitsForWarmup() throws {
        let group = ParameterGroup(name: "w", values: [0])
        let brain = try makeBrain(groups: ["w"], explorationStd: 0) { $0.clipWarmupSteps = 5 }
        setOutputBias(brain, group: 0, scale: 0, clip: log(0.1), dampen: 0)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 1), brain: brain)

        for step in 0..<5 {
            group.gradient = [Float(step + 1)]
            let report = try optimizer.step([group], loss: 1)
            XCTAssertEqual(report.clipped, [false], "step \(step) is within the warm-up")
        }
        group.gradient = [50]
        XCTAssertEqual(try optimizer.step([group], loss: 1).clipped, [true])
    }

    func testCeilingFollowsZScoreFormula() throws {
        var observer = GroupObserver(window: 8, decay: 0.9)
        for norm: Float in [1, 2, 1, 4, 2, 1] {
            let gradient = [norm]
            gradient.withUnsafeBufferPointer { observer.record(gradient: $0, norm: Double(norm)) }
        }

        let ceiling = try XCTUnwrap(observer.normCeiling(clip: 0.25, warmup: 3, baseZScore: 2))

        let zMax = 2 * 0.25 / 0.75
        let expected = exp(observer.logNormMean + zMax * observer.logNormVariance.squareRoot())
        XCTAssertEqual(Double(ceiling), expected, accuracy: expected * 1e-6)
        XCTAssertNil(observer.normCeiling(clip: 1, warmup: 3, baseZScore: 2))
        XCTAssertNil(observer.normCeiling(clip: 0.25, warmup: 7, baseZScore: 2))
        let harder = try XCTUnwrap(observer.normCeiling(clip: 0.1, warmup: 3, baseZScore: 2))
        XCTAssertLessThan(harder, ceiling, "a smaller clip knob clips harder")
    }

    func testStepRejectsMismatchedGroups() throws {
        let brain = try makeBrain(groups: ["a", "b"])
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.1), brain: brain)
        let a = ParameterGroup(name: "a", values: [1, 2])
        let b = ParameterGroup(name: "b", values: [3])

        XCTAssertThrowsError(try optimizer.step([a], loss: 1)) { error in
            XCTAssertEqual(error as? OptimizerError, .groupCountMismatch(expected: 2, actual: 1))
        }

        b.gradient = [1, 2]
        XCTAssertThrowsError(try optimizer.step([a, b], loss: 1)) { error in
            XCTAssertEqual(error as? OptimizerError, .gradientCountMismatch(group: "b", parameters: 1, gradients: 2))
        }

        b.gradient = [0]
        _ = try optimizer.step([a, b], loss: 1)
        let grown = ParameterGroup(name: "b", values: [3, 4])
        XCTAssertThrowsError(try optimizer.step([a, grown], loss: 1)) { error in
            XCTAssertEqual(error as? OptimizerError, .groupSizeChanged(group: "b", previous: 1, current: 2))
            XCTAssertTrue("\(error)".contains("create a new optimizer"), "\(error)")
        }
        XCTAssertEqual(brain.status.step, 1, "a rejected step must not reach the brain")
    }
}
