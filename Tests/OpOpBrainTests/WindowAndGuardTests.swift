import XCTest
@testable import OpOpBrain

/// Decision windows, antithetic pairs, the neutral guard and the surge reset.
final class WindowAndGuardTests: XCTestCase {
    func testRolesCyclePairsAndProbes() {
        let roles = (0..<10).map { WindowRole.of(window: $0, probeInterval: 2) }
        XCTAssertEqual(roles.map(\.role), [.first, .second, .first, .second, .probe, .first, .second, .first, .second, .probe])
        XCTAssertEqual(roles.map(\.pair), [0, 0, 1, 1, nil, 2, 2, 3, 3, nil])

        let withoutGuard = (0..<4).map { WindowRole.of(window: $0, probeInterval: 0) }
        XCTAssertEqual(withoutGuard.map(\.role), [.first, .second, .first, .second])
        XCTAssertEqual(withoutGuard.map(\.pair), [0, 0, 1, 1])
        XCTAssertEqual(WindowRole.firstSign(pair: 0), 1)
        XCTAssertEqual(WindowRole.firstSign(pair: 1), -1)
    }

    func testPairMirrorsNoiseProbeIsNeutral() throws {
        let brain = try makeBrain(groups: ["a"], explorationStd: 0.3) { $0.guardProbeInterval = 1 }
        var applied: [Knobs] = []
        for step in 0..<6 {
            let knobs = brain.decide(loss: 1 / Double(step + 1))
            brain.finishStep()
            if step % 2 == 0 {
                applied.append(knobs[0])
            }
        }

        // Windows 0 and 1 are a pair around a zero mean, window 2 is a probe.
        XCTAssertEqual(log(applied[0].scale), -log(applied[1].scale), accuracy: 1e-5)
        XCTAssertNotEqual(applied[0].scale, 1)
        XCTAssertEqual(applied[2], .neutral)
    }

    func testScaleOnlyLeavesClipAndDampen() throws {
        let brain = try makeBrain(groups: ["a", "b"], explorationStd: 0.5) { $0.exploresClipAndDampen = false }
        var scales: Set<Float> = []
        for step in 0..<40 {
            let knobs = brain.decide(loss: 1 / Double(step + 1))
            brain.finishStep()
            for knob in knobs {
                XCTAssertEqual(knob.clip, 1, "step \(step)")
                XCTAssertEqual(knob.dampen, 0, "step \(step)")
                scales.insert(knob.scale)
            }
        }
        XCTAssertGreaterThan(scales.count, 4, "the scale knob is still explored")
    }

    func testDownwardExplorationNeverRaisesScale() throws {
        let brain = try makeBrain(groups: ["a"], explorationStd: 0.5) { configuration in
            configuration.exploresScaleDownward = true
            configuration.updateInterval = 1000
        }
        var scales: Set<Float> = []
        for step in 0..<40 {
            let knobs = brain.decide(loss: 1 / Double(step + 1))
            brain.finishStep()
            XCTAssertLessThanOrEqual(knobs[0].scale, 1, "step \(step): above the neutral mean")
            scales.insert(knobs[0].scale)
        }
        XCTAssertTrue(scales.contains(1), "one window of each pair runs at the mean")
        XCTAssertTrue(scales.contains { $0 < 0.9 }, "the other runs below it")
    }

    func testGuardTripsWhenProbesBeatPairs() {
        var neutralGuard = NeutralGuard()
        var tripped = false
        _ = neutralGuard.notePair(meanReward: 0.01)
        for index in 0..<6 where !tripped {
            neutralGuard.noteProbe(reward: 0.05 + 0.001 * Double(index))
            tripped = neutralGuard.notePair(meanReward: 0.01)
        }
        XCTAssertTrue(tripped, "probes beating the policy by 4% every time must trip the guard")
        XCTAssertEqual(neutralGuard.tripCount, 1)
        XCTAssertEqual(neutralGuard.comparisonCount, 0, "a trip starts the comparisons afresh")
    }

    func testGuardStaysWhenPairsWinOrTie() {
        var winning = NeutralGuard()
        var tied = NeutralGuard()
        var generator = SeededGenerator(seed: 3)
        _ = winning.notePair(meanReward: 0.05)
        _ = tied.notePair(meanReward: 0.05)
        for _ in 0..<200 {
            winning.noteProbe(reward: 0.01)
            XCTAssertFalse(winning.notePair(meanReward: 0.05))

            let noise = 0.01 * generator.nextNormal()
            tied.noteProbe(reward: 0.05 + noise)
            _ = tied.notePair(meanReward: 0.05)
        }
        XCTAssertEqual(winning.tripCount, 0)
        XCTAssertLessThan(tied.tripCount, 10, "equal progress should rarely trip the guard")
    }

    func testGuardResetsPolicyThatLosesToNeutral() throws {
        // A policy held at scale e^1.5 on a quadratic where that overshoots: each probe
        // window at neutral makes more progress, so the guard must reset the policy.
        let problem = QuadraticProblem(dimension: 16, curvature: 2, seed: 7)
        let brain = try makeBrain(groups: ["theta"], explorationStd: 0.01) { configuration in
            configuration.guardProbeInterval = 1
            configuration.learningRate = 1e-6
            configuration.neutralPull = 0
            configuration.surgeRatio = .infinity
        }
        setOutputBias(brain, group: 0, scale: 1.5, clip: 0, dampen: 0)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.4 / problem.curvature), brain: brain)

        // Restarts every 7 steps fall in every role of the 3-window cycle in turn.
        for step in 0..<2000 where brain.status.guardTrips == 0 {
            if step % 7 == 0 {
                problem.restart()
            }
            _ = try optimizer.step([problem.group], loss: problem.evaluate())
        }

        XCTAssertEqual(brain.status.guardTrips, 1)
        XCTAssertEqual(brain.status.meanKnobs[0].scale, 1, accuracy: 0.05, "after a trip the policy is neutral")
    }

    func testSurgingLossResetsPolicyAtOnce() throws {
        let brain = try makeBrain(groups: ["a"]) { configuration in
            configuration.decisionWindow = 8
            configuration.surgeRatio = 3
        }
        setOutputBias(brain, group: 0, scale: 1, clip: 0, dampen: 0)
        for _ in 0..<9 {
            brain.decide(loss: 1)
            brain.finishStep()
        }
        XCTAssertEqual(brain.status.guardTrips, 0)

        // One corrupted batch is not a surge, but three losses in a row above 3x are.
        for loss in [50.0, 1, 1, 1, 1] {
            brain.decide(loss: loss)
            brain.finishStep()
        }
        XCTAssertEqual(brain.status.guardTrips, 0, "a single spike must not reset the policy")
        for _ in 0..<3 {
            brain.decide(loss: 5)
            brain.finishStep()
        }
        XCTAssertEqual(brain.status.guardTrips, 1)
        XCTAssertEqual(brain.status.meanKnobs[0], .neutral)
    }

    func testNormalizerStandardizesAndPassesPhaseThrough() {
        var normalizer = FeatureNormalizer(featureCount: 2, decay: 0.9, passThrough: [1])
        var output: [Float] = [0, 0]
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let raw: [Float] = [Float(10 + 2 * generator.nextNormal()), 0.7]
            raw.withUnsafeBufferPointer { normalizer.normalize($0.baseAddress!, into: &output) }
        }
        XCTAssertEqual(normalizer.means[0], 10, accuracy: 1.5)
        XCTAssertEqual(normalizer.variances[0].squareRoot(), 2, accuracy: 1)
        XCTAssertLessThanOrEqual(abs(output[0]), FeatureNormalizer.limit)
        XCTAssertEqual(output[1], 0.7, "the phase feature is passed through")

        let constant: [Float] = [10, 0.7]
        var fresh = FeatureNormalizer(featureCount: 2, decay: 0.9, passThrough: [])
        constant.withUnsafeBufferPointer { fresh.normalize($0.baseAddress!, into: &output) }
        XCTAssertEqual(output[0], 0, "the first observation is its own mean")
    }
}
