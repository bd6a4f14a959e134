import XCTest
@testable import OpOpEfficacy

final class RunMetricsTests: XCTestCase {
    func testLossAreaIsMeanOfEvaluationLosses() {
        let run = makeResult(losses: [4, 2, 1, 1])
        XCTAssertEqual(run.lossArea, 2)
        XCTAssertEqual(run.finalLoss, 1)
    }

    func testLossAreaOfDivergedRunIsInfinite() {
        XCTAssertEqual(makeResult(losses: [4, .infinity]).lossArea, .infinity)
    }

    func testStepsToTargetFindsFirstStep() {
        let steps = [10, 20, 30, 40]
        XCTAssertEqual(stepsToTarget(steps: steps, losses: [5, 3, 2, 1], target: 2), 30)
        XCTAssertEqual(stepsToTarget(steps: steps, losses: [5, 1.5, 3, 1], target: 2), 20)
    }

    func testStepsToTargetIsNilWhenNeverReached() {
        XCTAssertNil(stepsToTarget(steps: [10, 20], losses: [5, 3], target: 2))
        XCTAssertNil(stepsToTarget(steps: [10, 20], losses: [.infinity, .infinity], target: 2))
    }

    func testStepsToInfiniteTargetIsNil() {
        XCTAssertNil(stepsToTarget(steps: [10], losses: [1], target: .infinity))
    }

    func testEffectiveMultiplierWeightsByParameterCount() {
        XCTAssertEqual(effectiveMultiplier(scales: [2, 0.5], parameterCounts: [5, 5]), 1, accuracy: 1e-12)
        // exp((1·log 16 + 3·log 1) / 4) = 16^(1/4) = 2.
        XCTAssertEqual(effectiveMultiplier(scales: [16, 1], parameterCounts: [1, 3]), 2, accuracy: 1e-12)
        XCTAssertEqual(effectiveMultiplier(scales: [3], parameterCounts: [7]), 3, accuracy: 1e-6)
    }

    func testPairedRatioOfFiniteValues() {
        XCTAssertEqual(pairedRatio(3, over: 2), 1.5)
    }

    func testPairedRatioTreatsDivergenceAsInfinitelyBad() {
        XCTAssertEqual(pairedRatio(.infinity, over: .infinity), 1)
        XCTAssertEqual(pairedRatio(.infinity, over: 2), .infinity)
        XCTAssertEqual(pairedRatio(2, over: .infinity), 0)
    }

    func testWinRateCountsOnlyStrictlyLowerValues() {
        let pairs: [(value: Double, baseline: Double)] = [(1, 2), (2, 2), (3, 2), (.infinity, .infinity), (1, .infinity)]
        XCTAssertEqual(winRate(pairs), 2.0 / 5.0)
    }

    func testWinRateOfNoPairsIsNaN() {
        XCTAssertTrue(winRate([]).isNaN)
    }

    func testWorstCaseIsLargestRatio() {
        XCTAssertEqual(worstCase([0.9, 1.3, 1.01]), 1.3)
        XCTAssertEqual(worstCase([0.9, .infinity]), .infinity)
        XCTAssertNil(worstCase([]))
    }

    private func makeResult(losses: [Double]) -> RunResult {
        let specification = RunSpecification(
            task: .quadratic, optimizer: .adam, method: .bareTuned, seed: 0, learningRate: 1e-3,
            steps: 10 * losses.count, evaluationCount: losses.count)
        return RunResult(
            specification: specification, initialLoss: 10, evaluationSteps: specification.evaluationSteps,
            evaluationLosses: losses, finalAccuracy: nil, divergedAtStep: losses.contains(.infinity) ? 1 : nil,
            stepsTaken: specification.steps, effectiveMultiplier: nil, microsecondsPerStep: 1)
    }
}
