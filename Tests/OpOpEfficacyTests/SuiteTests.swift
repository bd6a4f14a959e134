import OpOpBrain
import XCTest
@testable import OpOpEfficacy

final class SuiteTests: XCTestCase {
    func testSuiteGivesSameResultsWhateverTheThreads() throws {
        var configuration = tinyConfiguration()
        configuration.jobs = 2
        let first = try EfficacySuite.run(configuration) { _ in }
        let second = try EfficacySuite.run(configuration) { _ in }
        configuration.jobs = 1
        let single = try EfficacySuite.run(configuration) { _ in }

        XCTAssertEqual(first.runs.map(\.withoutTiming), second.runs.map(\.withoutTiming))
        XCTAssertEqual(first.runs.map(\.withoutTiming), single.runs.map(\.withoutTiming))
        XCTAssertEqual(first.tuningRuns.map(\.withoutTiming), single.tuningRuns.map(\.withoutTiming))
        XCTAssertEqual(first.tunings.map(\.medianFinalLossByExponent), single.tunings.map(\.medianFinalLossByExponent))
    }

    func testSuiteRunsEveryMethodOnEverySeed() throws {
        let results = try EfficacySuite.run(tinyConfiguration()) { _ in }

        for method in Method.allCases {
            let runs = results.runs(task: .quadratic, optimizer: .momentum, method: method)
            XCTAssertEqual(runs.map(\.specification.seed), [0, 1], method.rawValue)
        }
        let summary = SuiteSummary(results: results)
        XCTAssertTrue(summary.frozenExactlyNeutral, summary.frozenMismatches.joined(separator: ", "))
    }

    func testBareAtMultiplierRate() throws {
        let results = try EfficacySuite.run(tinyConfiguration()) { _ in }
        let tuned = results.runs(task: .quadratic, optimizer: .momentum, method: .bareTuned)
        let brain = results.runs(task: .quadratic, optimizer: .momentum, method: .brainTuned)
        let scaled = results.runs(task: .quadratic, optimizer: .momentum, method: .bareAtMultiplier)

        for ((tunedRun, brainRun), scaledRun) in zip(zip(tuned, brain), scaled) {
            let multiplier = try XCTUnwrap(brainRun.effectiveMultiplier)
            XCTAssertEqual(scaledRun.specification.learningRate, tunedRun.specification.learningRate * Float(multiplier))
        }
    }

    func testInvarianceBringsInTeacher() {
        var configuration = tinyConfiguration()
        configuration.tasks = [.invariance]
        XCTAssertEqual(configuration.normalized().tasks, [.teacher, .invariance])
    }

    private func tinyConfiguration() -> SuiteConfiguration {
        var configuration = SuiteConfiguration.quick()
        configuration.tasks = [.quadratic]
        configuration.optimizers = [.momentum]
        configuration.gridExponents = [-1, 0, 1]
        configuration.gridLimit = 3
        configuration.stepFraction = 0.02
        configuration.evaluationCount = 5
        return configuration
    }
}
