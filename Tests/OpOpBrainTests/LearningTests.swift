import Foundation
import XCTest
@testable import OpOpBrain

/// The brain learns the scale a quadratic needs when the base learning rate is off.
///
/// The toy restarts θ at a random point every `episodeLength` steps, and discards the
/// window across each restart, so losses neither underflow nor overflow and every reward
/// measures one decision. The brain decides every 2 steps (see `makeBrain`). On an isotropic quadratic one SGD step multiplies the loss
/// by (1 − lr·h·scale)², so the best scale is 1/(lr·h). That is 4 when lr is 4x too small
/// and 1/3 when it is 3x too large, where the bare optimizer diverges between restarts.
final class LearningTests: XCTestCase {
    let episodeLength = 10
    let seeds: [UInt64] = [1, 2, 3, 4, 5]

    /// Runs the toy and returns the brain's mean scale, averaged over the last 50 steps.
    func trainedMeanScale(rateTimesCurvature: Float, seed: UInt64, steps: Int) throws -> Float {
        let problem = QuadraticProblem(dimension: 16, curvature: 2, seed: seed)
        let brain = try makeBrain(groups: ["theta"], seed: seed)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: rateTimesCurvature / problem.curvature), brain: brain)

        var scaleSum: Float = 0
        for step in 0..<steps {
            if step % episodeLength == 0 {
                problem.restart()
                brain.discardPendingReward()
            }
            let loss = problem.evaluate()
            _ = try optimizer.step([problem.group], loss: loss)
            if step >= steps - 50 {
                scaleSum += brain.status.meanKnobs[0].scale
            }
        }
        return scaleSum / 50
    }

    func testScaleRisesWhenRateTooSmall() throws {
        for seed in seeds {
            let scale = try trainedMeanScale(rateTimesCurvature: 0.25, seed: seed, steps: 3000)
            // The pull back to neutral keeps the knob short of the best scale, 4, in this
            // many steps, but far above neutral.
            XCTAssertGreaterThan(scale, 1.3, "seed \(seed)")
            XCTAssertLessThan(scale, 6, "seed \(seed)")
        }
    }

    func testScaleFallsWhenRateTooLarge() throws {
        for seed in seeds {
            let scale = try trainedMeanScale(rateTimesCurvature: 3, seed: seed, steps: 3000)
            XCTAssertLessThan(scale, 0.8, "seed \(seed)")
            XCTAssertGreaterThan(scale, 0.15, "seed \(seed)")
        }
    }

    /// Feeds a two-group brain with the default settings 20,000 losses of pure noise (156
    /// policy updates) and returns its mean knobs.
    func meanKnobsAfterNoiseRewards(seed: UInt64, neutralPull: Float? = nil) throws -> [Knobs] {
        var configuration = BrainConfiguration(groupNames: ["a", "b"])
        configuration.seed = seed
        if let neutralPull {
            configuration.neutralPull = neutralPull
        }
        let brain = try Brain(configuration: configuration)
        var noise = SeededGenerator(seed: seed &+ 100)
        let gradient = [Float](repeating: 1, count: 8)

        for _ in 0..<20_000 {
            brain.decide(loss: 1 + 0.5 * noise.nextUnitDouble())
            brain.recordGradient(group: 0, gradient: gradient)
            brain.recordGradient(group: 1, gradient: gradient)
            brain.finishStep()
        }
        return brain.status.meanKnobs
    }

    /// Rewards that are pure noise carry no information, so the pull back to neutral must
    /// keep the mean knobs close to neutral instead of letting them wander.
    func testNoiseRewardsKeepKnobsNearNeutral() throws {
        for seed in seeds {
            let meanKnobs = try meanKnobsAfterNoiseRewards(seed: seed)

            for (group, knobs) in meanKnobs.enumerated() {
                XCTAssertLessThan(abs(log(knobs.scale)), 0.3, "seed \(seed), group \(group): scale \(knobs.scale)")
                XCTAssertLessThan(abs(log(knobs.clip)), 0.3, "seed \(seed), group \(group): clip \(knobs.clip)")
                XCTAssertLessThan(knobs.dampen, 0.3, "seed \(seed), group \(group): dampen \(knobs.dampen)")
            }
        }
    }

    func testNoiseRewardsWanderWithoutPull() throws {
        var largestDeviation: Float = 0
        for seed in seeds {
            for knobs in try meanKnobsAfterNoiseRewards(seed: seed, neutralPull: 0) {
                largestDeviation = max(largestDeviation, abs(log(knobs.scale)), abs(log(knobs.clip)))
            }
        }

        // Without the pull the same noise moves some knob well away from neutral, which
        // shows that the test above measures the pull and not a lack of learning.
        XCTAssertGreaterThan(largestDeviation, 0.25, "largest |log knob| without the pull: \(largestDeviation)")
    }
}
