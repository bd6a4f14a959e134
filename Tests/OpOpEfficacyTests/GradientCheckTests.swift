import OpOpBrain
import XCTest
@testable import OpOpEfficacy

/// Compares each task's analytic gradient with central finite differences of its own
/// minibatch loss on a fixed minibatch. The digits network is checked the same way in
/// OpOpWorkloadsTests.
final class GradientCheckTests: XCTestCase {
    func testQuadraticGradient() {
        let task = QuadraticTask(seed: 4, dimension: 8, groupCount: 2)
        var generator = SeededGenerator(seed: 9)
        let targets = task.groups.map { group in (0..<group.count).map { _ in generator.nextNormal() } }

        checkGradient(groups: task.groups, step: 1e-2) { task.lossAndGradients(targets: targets) }
    }

    func testLogisticGradient() {
        let task = LogisticTask(seed: 4, exampleCount: 64)
        let rows = [0, 5, 17, 33, 40, 63]

        checkGradient(groups: task.groups, step: 1e-2) { task.lossAndGradients(rows: rows) }
    }

    func testScaledRegressionGradient() {
        let task = ScaledRegressionTask(seed: 4, exampleCount: 64, blockWidth: 2)
        let rows = [1, 8, 20, 31, 62]

        // The loss is quadratic in the weights, so central differences are exact up to
        // rounding for any step. A step below the smallest weights keeps them in range.
        checkGradient(groups: task.groups, step: 1e-4) { task.lossAndGradients(rows: rows) }
    }

    func testTeacherGradient() {
        let task = TeacherTask(seed: 4, exampleCount: 64, inputCount: 3, hiddenCount: 4, batchSize: 8)
        let rows = [0, 9, 18, 27, 36, 45, 54, 63]

        checkGradient(groups: task.groups, step: 1e-2) {
            task.student.lossAndGradients(features: task.features, targets: task.targets, rows: rows)
        }
    }

    func testTeacherGradientWithLossScaleAndCorruptedTargets() {
        let task = TeacherTask(seed: 5, exampleCount: 64, inputCount: 3, hiddenCount: 4, batchSize: 8)
        let rows = [2, 11, 19, 30, 44, 50]

        checkGradient(groups: task.groups, step: 1e-3, tolerance: 2e-3) {
            task.student.lossAndGradients(
                features: task.features, targets: task.targets, rows: rows, targetFactor: 50, lossScale: 100)
        }
    }

    /// Checks every parameter of every group: the analytic gradient at the current values
    /// against (L(θ + h) − L(θ − h)) / 2h, with h as actually stored in Float.
    private func checkGradient(
        groups: [ParameterGroup], step: Float, tolerance: Double = 1e-3, lossAndGradients: () -> Double,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        _ = lossAndGradients()
        let analytic = groups.map(\.gradient)

        for (groupIndex, group) in groups.enumerated() {
            for index in 0..<group.count {
                let original = group.values[index]
                group.values[index] = original + step
                let upper = (value: Double(group.values[index]), loss: lossAndGradients())
                group.values[index] = original - step
                let lower = (value: Double(group.values[index]), loss: lossAndGradients())
                group.values[index] = original

                let numeric = (upper.loss - lower.loss) / (upper.value - lower.value)
                let expected = Double(analytic[groupIndex][index])
                XCTAssertEqual(
                    expected, numeric, accuracy: tolerance * max(1, abs(numeric)),
                    "\(group.name)[\(index)]: analytic \(expected), finite differences \(numeric)", file: file, line: line)
            }
        }
    }
}
