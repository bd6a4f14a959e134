import XCTest
@testable import OpOpEfficacy

final class ScheduleAndTuningTests: XCTestCase {
    func testConstantScheduleIsOneEverywhere() {
        XCTAssertEqual(ScheduleKind.constant.factor(step: 0, of: 100), 1)
        XCTAssertEqual(ScheduleKind.constant.factor(step: 99, of: 100), 1)
    }

    func testWarmupRisesLinearlyOverFivePercent() {
        // 5% of 200 steps is a warmup of 10 steps.
        let schedule = ScheduleKind.warmupCosine
        XCTAssertEqual(schedule.factor(step: 0, of: 200), 0.1, accuracy: 1e-12)
        XCTAssertEqual(schedule.factor(step: 4, of: 200), 0.5, accuracy: 1e-12)
        XCTAssertEqual(schedule.factor(step: 9, of: 200), 1, accuracy: 1e-12)
    }

    func testCosineDecaysFromPeakTowardsZero() {
        // A warmup of 10 steps, then a decay over the other 190 with its midpoint at 105.
        let schedule = ScheduleKind.warmupCosine
        XCTAssertEqual(schedule.factor(step: 10, of: 200), 1, accuracy: 1e-12)
        XCTAssertEqual(schedule.factor(step: 105, of: 200), 0.5, accuracy: 1e-12)
        let last = schedule.factor(step: 199, of: 200)
        XCTAssertGreaterThan(last, 0)
        XCTAssertLessThan(last, 1e-3)
    }

    func testEvaluationStepsAreEvenlySpaced() {
        let specification = RunSpecification(
            task: .quadratic, optimizer: .adam, method: .bareTuned, seed: 0, learningRate: 1e-3, steps: 1000,
            evaluationCount: 4)
        XCTAssertEqual(specification.evaluationSteps, [250, 500, 750, 1000])
    }

    func testBestExponentBreaksTiesTowardsLowerRate() {
        let tuning = makeTuning([-1: 2, 0: 1, 1: 1])
        XCTAssertEqual(tuning.bestExponent, 0)
    }

    func testTuningRunsWholeGridFirst() {
        XCTAssertEqual(makeTuning([:]).nextExponents(grid: [-2, 0, 2], limit: 10), [-2, 0, 2])
    }

    func testTuningStopsWhenBestIsInside() {
        XCTAssertEqual(makeTuning([-2: 3, 0: 1, 2: 2]).nextExponents(grid: [-2, 0, 2], limit: 10), [])
    }

    func testTuningExtendsPastTheBestEnd() {
        XCTAssertEqual(makeTuning([-2: 3, 0: 2, 2: 1]).nextExponents(grid: [-2, 0, 2], limit: 10), [4])
        XCTAssertEqual(makeTuning([-2: 1, 0: 2, 2: 3]).nextExponents(grid: [-2, 0, 2], limit: 10), [-4])
    }

    func testTuningWithEveryRateDivergedExtendsDownwards() {
        let tuning = makeTuning([-1: .infinity, 0: .infinity, 1: .infinity])
        XCTAssertEqual(tuning.bestExponent, -1)
        XCTAssertEqual(tuning.nextExponents(grid: [-1, 0, 1], limit: 10), [-2])
    }

    func testTuningStopsAtTheLimit() {
        XCTAssertEqual(makeTuning([8: 2, 10: 1]).nextExponents(grid: [8, 10], limit: 10), [])
    }

    func testGridRateIsDefaultTimesPowerOfTwo() {
        XCTAssertEqual(RateTuning.learningRate(exponent: 3, optimizer: .momentum), 0.08)
        XCTAssertEqual(RateTuning.learningRate(exponent: -1, optimizer: .adam), 5e-4)
    }

    private func makeTuning(_ medians: [Int: Double]) -> RateTuning {
        RateTuning(task: .quadratic, optimizer: .adam, method: .bareTuned, medianFinalLossByExponent: medians)
    }
}
