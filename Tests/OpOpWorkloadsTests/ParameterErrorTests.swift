import XCTest
import OpOpWorkloads

final class ParameterErrorTests: XCTestCase {
    func testResizedValuesThrow() throws {
        let workload = try WorkloadCatalog.make(name: "digits", seed: 1)
        workload.groups[2].values.append(0)

        let expected = WorkloadError.parameterCountChanged(group: "fc2.weight", expected: 640, actual: 641)
        XCTAssertThrowsError(try workload.trainingStep()) { error in
            XCTAssertEqual(error as? WorkloadError, expected)
        }
        XCTAssertThrowsError(try workload.evaluate()) { error in
            XCTAssertEqual(error as? WorkloadError, expected)
        }
    }

    func testReplacedGradientThrows() throws {
        let workload = try WorkloadCatalog.make(name: "spirals", seed: 1)
        workload.groups[5].gradient = []

        XCTAssertThrowsError(try workload.trainingStep()) { error in
            XCTAssertEqual(error as? WorkloadError, .parameterCountChanged(group: "fc3.bias", expected: 2, actual: 0))
        }
    }

    func testParameterErrorMessage() {
        let error = WorkloadError.parameterCountChanged(group: "fc1.bias", expected: 64, actual: 63)

        XCTAssertEqual(
            error.description,
            "Parameter group 'fc1.bias' has 63 entries but the model expects 64. "
                + "Update values and gradient in place without changing their count"
        )
    }

    func testNonFiniteWeightsReturnNonFiniteLoss() throws {
        for (name, value) in [("digits", Float.nan), ("spirals", Float.infinity)] {
            let workload = try WorkloadCatalog.make(name: name, seed: 1)
            let lastGroup = workload.groups[workload.groups.count - 1]
            lastGroup.values[0] = value

            let loss = try workload.trainingStep()
            let metrics = try workload.evaluate()

            XCTAssertFalse(loss.isFinite, "\(name): loss \(loss)")
            XCTAssertFalse(metrics[1].value.isFinite, "\(name): held-out loss \(metrics[1].value)")
        }
    }

    func testNaNLogitsCountAsWrong() throws {
        let workload = try WorkloadCatalog.make(name: "digits", seed: 1)
        for group in workload.groups where group.name.hasSuffix(".bias") {
            group.values = [Float](repeating: .nan, count: group.count)
        }

        let accuracy = try workload.evaluate()[0]

        XCTAssertEqual(accuracy.name, "accuracy")
        XCTAssertEqual(accuracy.value, 0)
    }
}
