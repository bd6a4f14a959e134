import Foundation
import XCTest
@testable import OpOpBrain

final class KnobsTests: XCTestCase {
    func testZeroPreActivationsAreExactlyNeutral() {
        let knobs = Knobs(preActivations: 0, 0, 0)

        XCTAssertEqual(knobs, .neutral)
        XCTAssertEqual(knobs.scale, 1)
        XCTAssertEqual(knobs.clip, 1)
        XCTAssertEqual(knobs.dampen, 0)
    }

    func testMappingFollowsExponentialAndTanh() {
        let knobs = Knobs(preActivations: 0.5, -0.5, 0.5)

        XCTAssertEqual(knobs.scale, exp(0.5), accuracy: 1e-6)
        XCTAssertEqual(knobs.clip, exp(-0.5), accuracy: 1e-6)
        XCTAssertEqual(knobs.dampen, tanh(0.5), accuracy: 1e-6)
    }

    func testNegativeDampenPreActivationGivesZero() {
        XCTAssertEqual(Knobs(preActivations: 0, 0, -3).dampen, 0)
    }

    func testExtremePreActivationsStayInRange() {
        for value: Float in [-1e30, -100, 100, 1e30, .infinity, -.infinity] {
            let knobs = Knobs(preActivations: value, value, value)
            XCTAssertTrue(Knobs.scaleRange.contains(knobs.scale), "scale \(knobs.scale) for \(value)")
            XCTAssertTrue(Knobs.clipRange.contains(knobs.clip), "clip \(knobs.clip) for \(value)")
            XCTAssertTrue(Knobs.dampenRange.contains(knobs.dampen), "dampen \(knobs.dampen) for \(value)")
        }
    }

    func testNaNPreActivationsGiveNeutralKnobs() {
        XCTAssertEqual(Knobs(preActivations: .nan, .nan, .nan), .neutral)
    }
}
