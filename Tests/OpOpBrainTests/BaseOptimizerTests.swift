import Foundation
import XCTest
@testable import OpOpBrain

final class BaseOptimizerTests: XCTestCase {
    func update(_ optimizer: BaseOptimizer, group: Int = 0, parameters: [Float], gradient: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: gradient.count)
        parameters.withUnsafeBufferPointer { parameters in
            gradient.withUnsafeBufferPointer { gradient in
                result.withUnsafeMutableBufferPointer { result in
                    optimizer.computeUpdate(group: group, parameters: parameters, gradient: gradient, update: result)
                }
            }
        }
        return result
    }

    func testSGDUpdateIsRateTimesGradient() throws {
        let sgd = try SGD(learningRate: 0.5)

        XCTAssertEqual(update(sgd, parameters: [9, 9], gradient: [2, -4]), [1, -2])
    }

    func testMomentumMatchesPyTorchFormula() throws {
        let optimizer = try SGDMomentum(learningRate: 0.1, momentum: 0.9)

        // b_1 = g_1, then b_t = 0.9·b_{t−1} + g_t, and Δ = 0.1·b.
        XCTAssertEqual(update(optimizer, parameters: [0], gradient: [1]), [0.1])
        XCTAssertEqual(update(optimizer, parameters: [0], gradient: [2])[0], 0.1 * (0.9 + 2), accuracy: 1e-7)
        XCTAssertEqual(update(optimizer, parameters: [0], gradient: [0])[0], 0.1 * 0.9 * 2.9, accuracy: 1e-7)
        XCTAssertEqual(update(optimizer, group: 1, parameters: [0], gradient: [1]), [0.1], "groups keep separate buffers")
    }

    func testAdamMatchesBiasCorrectedFormula() throws {
        let adam = try Adam(learningRate: 0.01)
        let gradients: [Double] = [0.5, -0.2, 0.1]
        var m = 0.0
        var v = 0.0

        for (index, g) in gradients.enumerated() {
            let t = Double(index + 1)
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let expected = 0.01 * (m / (1 - pow(0.9, t))) / ((v / (1 - pow(0.999, t))).squareRoot() + 1e-8)

            let delta = update(adam, parameters: [1], gradient: [Float(g)])[0]
            XCTAssertEqual(Double(delta), expected, accuracy: 1e-6, "step \(index + 1)")
        }
    }

    func testAdamWeightDecayIsAddedToGradient() throws {
        let adam = try Adam(learningRate: 0.01, weightDecay: 0.5)

        // g + λθ = 0 + 0.5·2 = 1, and Adam's first step is lr·sign of that.
        XCTAssertEqual(update(adam, parameters: [2], gradient: [0])[0], 0.01, accuracy: 1e-6)
    }

    func testAdamWDecaysWeightsDecoupled() throws {
        let adamw = try AdamW(learningRate: 0.01, weightDecay: 0.1)

        // Zero gradient: the Adam part is 0 and Δ = lr·λ·θ.
        XCTAssertEqual(update(adamw, parameters: [3, -4], gradient: [0, 0]), [0.01 * 0.1 * 3, 0.01 * 0.1 * -4])
        XCTAssertEqual(adamw.settings["weight_decay"] ?? 0, 0.1, accuracy: 1e-7)
    }

    func testBareStepSubtractsUpdate() throws {
        let group = ParameterGroup(name: "w", values: [1, 2])
        group.gradient = [1, -1]

        try SGD(learningRate: 0.25).step([group])

        XCTAssertEqual(group.values, [0.75, 2.25])
    }

    func testBareStepRejectsGradientCountMismatch() throws {
        let group = ParameterGroup(name: "w", values: [1, 2])
        group.gradient = [1]

        XCTAssertThrowsError(try SGD(learningRate: 0.1).step([group])) { error in
            XCTAssertEqual(error as? OptimizerError, .gradientCountMismatch(group: "w", parameters: 2, gradients: 1))
        }
        XCTAssertEqual(group.values, [1, 2])
    }

    func testInvalidSettingsAreRejected() {
        let cases: [(String, () throws -> BaseOptimizer, String)] = [
            ("sgd zero rate", { try SGD(learningRate: 0) }, "invalid sgd setting 'lr' = 0.0: expected a finite number greater than 0"),
            ("sgd NaN rate", { try SGD(learningRate: .nan) }, "invalid sgd setting 'lr' = nan"),
            ("momentum of 1", { try SGDMomentum(learningRate: 0.1, momentum: 1) }, "invalid momentum setting 'momentum' = 1.0: expected a number in 0..<1"),
            ("adam negative beta1", { try Adam(beta1: -0.1) }, "invalid adam setting 'beta1'"),
            ("adam zero epsilon", { try Adam(epsilon: 0) }, "invalid adam setting 'eps'"),
            ("adamw negative decay", { try AdamW(weightDecay: -1) }, "invalid adamw setting 'weight_decay' = -1.0"),
            ("factory infinite rate", { try makeOptimizer(kind: .adam, learningRate: .infinity) }, "invalid adam setting 'lr' = inf"),
        ]

        for (name, make, expected) in cases {
            XCTAssertThrowsError(try make(), name) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(name): \(error)")
            }
        }
    }

    func testFactoryMakesEachKind() throws {
        for kind in OptimizerKind.allCases {
            let optimizer = try makeOptimizer(kind: kind)

            XCTAssertEqual(optimizer.name, kind.rawValue)
            XCTAssertEqual(optimizer.settings["lr"] ?? 0, Double("\(kind.defaultLearningRate)"), "\(kind)")
        }
        XCTAssertEqual(try makeOptimizer(kind: .sgd, learningRate: 0.3).settings["lr"], 0.3)
        XCTAssertEqual(OptimizerKind(rawValue: "adamw"), .adamw)
        XCTAssertEqual(try makeOptimizer(kind: .momentum).settings["momentum"], 0.9)
    }
}
