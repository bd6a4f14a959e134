import OpOpBrain
import XCTest
@testable import OpOpEfficacy

/// Checks the summary's arithmetic and bars on hand-made runs, one task, one optimizer
/// and two seeds, with chosen final losses.
final class SuiteSummaryTests: XCTestCase {
    func testWorstCaseIsLargestPairedRatio() {
        let summary = SuiteSummary(results: makeResults(finalLosses: [
            .bareDefault: [1, 1], .brainDefault: [0.9, 1.5],
            .bareTuned: [2, 2], .brainTuned: [2.02, 1.8],
        ]))

        XCTAssertEqual(summary.worstCaseDefault?.ratio, 1.5)
        XCTAssertEqual(summary.worstCaseDefault?.seed, 1)
        XCTAssertEqual(summary.worstCaseTuned?.ratio ?? 0, 1.01, accuracy: 1e-12)
        XCTAssertEqual(summary.bars[0].passed, false)
    }

    func testBarsPassWhenBrainIsBetterEverywhere() {
        let summary = SuiteSummary(results: makeResults(finalLosses: [
            .bareDefault: [1, 1], .brainDefault: [0.5, 0.5],
            .bareTuned: [1, 1], .brainTuned: [0.5, 0.5], .cosineTuned: [0.5, 0.5],
        ]))

        XCTAssertEqual(summary.bars[0].passed, true, summary.bars[0].value)
        // Curves [4, 0.5] against [4, 1]: AUC 2.25 over 2.5.
        XCTAssertEqual(summary.brainTunedAreaRatioMedian, 0.9, accuracy: 1e-12)
        XCTAssertEqual(summary.bars[1].passed, true)
        XCTAssertEqual(summary.tasksMatchingCosine, [.quadratic])
        // One task cannot reach the bar of two matching tasks.
        XCTAssertEqual(summary.bars[2].passed, false)
        XCTAssertNil(summary.bars[3].passed, "no invariance runs, so no verdict")
        XCTAssertEqual(summary.bars[4].passed, true)
    }

    func testFrozenMismatchOfOneUlpIsReported() {
        let summary = SuiteSummary(results: makeResults(finalLosses: [
            .bareTuned: [1, 2], .brainFrozen: [1, 2.0.nextUp],
        ]))

        XCTAssertFalse(summary.frozenExactlyNeutral)
        XCTAssertEqual(summary.frozenMismatches, ["quadratic/adam/1"])
        XCTAssertEqual(summary.bars[4].passed, false)
    }

    func testCosineMatchAllowsTwoPercent() {
        let within = SuiteSummary(results: makeResults(finalLosses: [.brainTuned: [1.02, 1.02], .cosineTuned: [1, 1]]))
        let beyond = SuiteSummary(results: makeResults(finalLosses: [.brainTuned: [1.03, 1.03], .cosineTuned: [1, 1]]))

        XCTAssertEqual(within.cosineComparisons.first?.matches, true)
        XCTAssertEqual(beyond.cosineComparisons.first?.matches, false)
    }

    func testMethodSummaryCountsTargetAndDivergence() {
        let results = makeResults(finalLosses: [.bareTuned: [1, 1], .bareDefault: [1.04, .infinity]])
        let summary = MethodSummary(results: results, task: .quadratic, optimizer: .adam, method: .bareDefault)

        XCTAssertEqual(summary.targetLoss, 1.05)
        XCTAssertEqual(summary.reachedTargetShare, 0.5)
        XCTAssertEqual(summary.stepsToTargetMedian, 20)
        XCTAssertEqual(summary.divergedCount, 1)
        XCTAssertEqual(summary.finalLossMedian, .infinity)
    }

    /// Every method gets runs on seeds 0 and 1 whose curve is [4, final]; methods not
    /// given default to final losses of 1.
    private func makeResults(finalLosses: [Method: [Double]]) -> SuiteResults {
        var configuration = SuiteConfiguration.quick()
        configuration.tasks = [.quadratic]
        configuration.optimizers = [.adam]
        configuration.evaluationSeeds = [0, 1]

        let runs = Method.allCases.flatMap { method in
            (finalLosses[method] ?? [1, 1]).enumerated().map { seed, final in
                let specification = RunSpecification(
                    task: .quadratic, optimizer: .adam, method: method, seed: UInt64(seed), learningRate: 1e-3,
                    steps: 20, evaluationCount: 2)
                let losses = final.isFinite ? [4, final] : [Double.infinity, .infinity]
                return RunResult(
                    specification: specification, initialLoss: 5, evaluationSteps: specification.evaluationSteps,
                    evaluationLosses: losses, finalAccuracy: nil, divergedAtStep: final.isFinite ? nil : 3,
                    stepsTaken: final.isFinite ? 20 : 3, effectiveMultiplier: method.brainMode == .learning ? 1 : nil,
                    microsecondsPerStep: 1)
            }
        }
        return SuiteResults(configuration: configuration, tunings: [], tuningRuns: [], runs: runs, elapsedSeconds: 0)
    }
}
