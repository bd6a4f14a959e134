import XCTest
@testable import OpOpBrain

final class AdjustableLearningRateTests: XCTestCase {
    func testNewRateAppliesToNextUpdate() throws {
        for kind in OptimizerKind.allCases {
            let optimizer = try XCTUnwrap(try makeOptimizer(kind: kind, learningRate: 0.1) as? AdjustableLearningRate, kind.rawValue)
            let halved = try XCTUnwrap(try makeOptimizer(kind: kind, learningRate: 0.1) as? AdjustableLearningRate, kind.rawValue)
            try halved.setLearningRate(0.05)

            let first = update(optimizer)
            let second = update(halved)
            XCTAssertEqual(halved.learningRate, 0.05)
            // Every update here is linear in the rate, except AdamW's decay term, which is too.
            XCTAssertEqual(second, first / 2, accuracy: 1e-7, kind.rawValue)
        }
    }

    func testRateChangeKeepsOptimizerState() throws {
        let optimizer = try SGDMomentum(learningRate: 0.1)
        _ = update(optimizer)
        try optimizer.setLearningRate(1)

        // The momentum buffer is 1 after one step with gradient 1, so b = 0.9·1 + 1 = 1.9.
        XCTAssertEqual(update(optimizer), 1.9, accuracy: 1e-6)
    }

    func testInvalidRateIsRejectedAndOldRateKept() throws {
        let optimizer = try Adam(learningRate: 0.01)
        for rate: Float in [0, -1, .nan, .infinity] {
            XCTAssertThrowsError(try optimizer.setLearningRate(rate), "\(rate)") { error in
                XCTAssertTrue("\(error)".contains("lr"), "\(error)")
            }
        }
        XCTAssertEqual(optimizer.learningRate, 0.01)
    }

    /// Returns Δ for one parameter at 1 with gradient 1, as group 0.
    private func update(_ optimizer: BaseOptimizer) -> Float {
        let parameters: [Float] = [1]
        let gradient: [Float] = [1]
        var update: [Float] = [0]
        parameters.withUnsafeBufferPointer { parameters in
            gradient.withUnsafeBufferPointer { gradient in
                update.withUnsafeMutableBufferPointer { update in
                    optimizer.computeUpdate(group: 0, parameters: parameters, gradient: gradient, update: update)
                }
            }
        }
        return update[0]
    }
}
