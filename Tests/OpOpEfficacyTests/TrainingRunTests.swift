import OpOpBrain
import XCTest
@testable import OpOpEfficacy

final class TrainingRunTests: XCTestCase {
    private let preset = BrainPreset.all[0]

    func testFrozenBrainIsBitExactToBareOptimizer() throws {
        for optimizer in [OptimizerKind.momentum, .adam] {
            let bare = try TrainingRun.run(specification(.teacher, optimizer, .bareTuned, rate: 0.02), brainPreset: preset)
            let frozen = try TrainingRun.run(specification(.teacher, optimizer, .brainFrozen, rate: 0.02), brainPreset: preset)

            XCTAssertEqual(frozen.evaluationLosses.map(\.bitPattern), bare.evaluationLosses.map(\.bitPattern), "\(optimizer)")
            XCTAssertFalse(bare.diverged)
        }
    }

    func testLearningBrainChangesTheTrajectory() throws {
        // The counterpart of the frozen test: the brain path must be live for it to mean anything.
        let bare = try TrainingRun.run(specification(.teacher, .adam, .bareTuned, rate: 0.02), brainPreset: preset)
        let brain = try TrainingRun.run(specification(.teacher, .adam, .brainTuned, rate: 0.02), brainPreset: preset)

        XCTAssertNotEqual(brain.finalLoss, bare.finalLoss)
        XCTAssertNotNil(brain.effectiveMultiplier)
        XCTAssertNil(bare.effectiveMultiplier)
    }

    func testSameSpecificationGivesSameResult() throws {
        let specification = specification(.logistic, .momentum, .brainTuned, rate: 0.05)
        let first = try TrainingRun.run(specification, brainPreset: preset)
        let second = try TrainingRun.run(specification, brainPreset: preset)

        XCTAssertEqual(first.withoutTiming, second.withoutTiming)
    }

    func testInvarianceTwinMatchesTeacherDividedByLossScale() throws {
        for optimizer in [OptimizerKind.momentum, .adam] {
            for method in [Method.bareTuned, .cosineTuned] {
                let rate: Float = optimizer == .momentum ? 0.04 : 0.004
                let plain = try TrainingRun.run(specification(.teacher, optimizer, method, rate: rate), brainPreset: preset)
                let twinRate = TaskKind.invariance.twinLearningRate(rate, optimizer: optimizer)
                let probe = try TrainingRun.run(specification(.invariance, optimizer, method, rate: twinRate), brainPreset: preset)

                for (probeLoss, plainLoss) in zip(probe.evaluationLosses, plain.evaluationLosses) {
                    XCTAssertEqual(probeLoss / 100, plainLoss, accuracy: 1e-4 * plainLoss, "\(optimizer) \(method)")
                }
            }
        }
    }

    func testInvarianceRateRuleDividesOnlyMomentum() {
        XCTAssertEqual(TaskKind.invariance.twinLearningRate(0.04, optimizer: .momentum), 0.0004)
        XCTAssertEqual(TaskKind.invariance.twinLearningRate(0.004, optimizer: .adam), 0.004)
    }

    func testScaledLossTeacherGradientIsHundredTimesPlain() throws {
        let plain = TeacherTask(seed: 6)
        let probe = TeacherTask(seed: 6, variant: .scaledLoss(100))
        let plainLoss = try plain.trainingStep()
        let probeLoss = try probe.trainingStep()

        XCTAssertEqual(probeLoss, 100 * plainLoss, accuracy: 1e-12 * probeLoss)
        // The sums over the minibatch round differently at the two scales, so each element
        // is compared to within a small fraction of its group's largest gradient.
        for (probeGroup, plainGroup) in zip(probe.groups, plain.groups) {
            let groupScale = 100 * (plainGroup.gradient.map(abs).max() ?? 0)
            for (probeValue, plainValue) in zip(probeGroup.gradient, plainGroup.gradient) {
                XCTAssertEqual(probeValue, 100 * plainValue, accuracy: 1e-4 * groupScale, probeGroup.name)
            }
        }
    }

    func testDivergedRunStopsAndCountsAsInfinite() throws {
        let result = try TrainingRun.run(specification(.quadratic, .momentum, .bareTuned, rate: 100), brainPreset: preset)

        XCTAssertTrue(result.diverged)
        XCTAssertLessThan(result.stepsTaken, result.specification.steps)
        XCTAssertEqual(result.finalLoss, .infinity)
        XCTAssertEqual(result.evaluationLosses.count, result.specification.evaluationCount)
    }

    func testCosineRunDiffersFromConstantRun() throws {
        let constant = try TrainingRun.run(specification(.quadratic, .adam, .bareTuned, rate: 0.01), brainPreset: preset)
        let cosine = try TrainingRun.run(specification(.quadratic, .adam, .cosineTuned, rate: 0.01), brainPreset: preset)

        XCTAssertNotEqual(cosine.finalLoss, constant.finalLoss)
        XCTAssertEqual(cosine.stepsTaken, constant.stepsTaken)
    }

    private func specification(_ task: TaskKind, _ optimizer: OptimizerKind, _ method: Method, rate: Float) -> RunSpecification {
        RunSpecification(
            task: task, optimizer: optimizer, method: method, seed: 1, learningRate: rate, steps: 200, evaluationCount: 10)
    }
}
