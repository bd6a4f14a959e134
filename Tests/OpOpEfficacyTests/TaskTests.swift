import OpOpBrain
import XCTest
@testable import OpOpEfficacy

final class TaskTests: XCTestCase {
    func testQuadraticEvaluationIsExpectedMinibatchLossAboveFloor() throws {
        let dimension = 8
        let task = QuadraticTask(seed: 2, dimension: dimension, groupCount: 2)
        let evaluation = try task.evaluate().loss

        var total = 0.0
        let draws = 20_000
        for _ in 0..<draws {
            total += try task.trainingStep()
        }
        let floor = 0.5 * Double(dimension) * QuadraticTask.noiseScale * QuadraticTask.noiseScale

        XCTAssertEqual(total / Double(draws), evaluation + floor, accuracy: 0.02 * (evaluation + floor))
    }

    func testQuadraticGroupsRunFromLowToHighCurvature() {
        let task = QuadraticTask(seed: 0)
        XCTAssertEqual(task.groups.map(\.name), ["band1", "band2", "band3", "band4"])
        XCTAssertEqual(Double(task.curvatures[0][0]), QuadraticTask.minimumCurvature, accuracy: 1e-9)
        XCTAssertEqual(task.curvatures[3].last, 1)
    }

    func testEveryTaskHasSeveralGroups() throws {
        for kind in TaskKind.allCases {
            let task = try kind.makeTask(seed: 0)
            XCTAssertGreaterThanOrEqual(task.groups.count, 2, "\(kind.rawValue) has \(task.groups.count) group(s)")
        }
    }

    func testScaledRegressionHasOneGroupPerBlock() {
        let task = ScaledRegressionTask(seed: 0)
        XCTAssertEqual(task.groups.map(\.name), ["scale-0.01", "scale-0.1", "scale-1", "scale-10", "scale-100"])
    }

    func testEvaluationDoesNotDependOnTrainingSteps() throws {
        for kind in TaskKind.allCases {
            let task = try kind.makeTask(seed: 3)
            let before = try task.evaluate()
            let gradients = task.groups.map(\.gradient)
            XCTAssertEqual(try task.evaluate(), before, "\(kind.rawValue) evaluation changed without an update")
            XCTAssertEqual(task.groups.map(\.gradient), gradients, "\(kind.rawValue) evaluation changed a gradient")
        }
    }

    func testDigitsReportsHeldOutAccuracy() throws {
        let accuracy = try TaskKind.digits.makeTask(seed: 0).evaluate().accuracy
        XCTAssertNotNil(accuracy)
        XCTAssertTrue((0...1).contains(accuracy ?? -1), "accuracy \(String(describing: accuracy)) is not a fraction")
    }

    func testSpikesCorruptSameStepsForEverySeed() throws {
        let first = TeacherTask(seed: 0, variant: .spikes, exampleCount: 64, inputCount: 2, hiddenCount: 2, batchSize: 2)
        let second = TeacherTask(seed: 7, variant: .spikes, exampleCount: 64, inputCount: 2, hiddenCount: 2, batchSize: 2)
        var firstCorrupted: [Int] = []
        var secondCorrupted: [Int] = []
        for step in 0..<3000 {
            let before = (first.corruptedSteps, second.corruptedSteps)
            _ = try first.trainingStep()
            _ = try second.trainingStep()
            if first.corruptedSteps > before.0 { firstCorrupted.append(step) }
            if second.corruptedSteps > before.1 { secondCorrupted.append(step) }
        }

        XCTAssertEqual(firstCorrupted, secondCorrupted)
        // 1% of 3,000 steps: 30 expected, and 10...60 contains the count with overwhelming probability.
        XCTAssertTrue((10...60).contains(firstCorrupted.count), "\(firstCorrupted.count) corrupted steps")
    }

    func testPlainTeacherHasNoCorruptedSteps() throws {
        let task = TeacherTask(seed: 0, exampleCount: 64, inputCount: 2, hiddenCount: 2, batchSize: 2)
        for _ in 0..<500 {
            _ = try task.trainingStep()
        }
        XCTAssertEqual(task.corruptedSteps, 0)
    }
}
