import XCTest
@testable import OpOpEfficacy

final class StatisticsTests: XCTestCase {
    func testMedianOfOddCount() {
        XCTAssertEqual(median([5, 1, 3]), 3)
    }

    func testMedianOfEvenCount() {
        XCTAssertEqual(median([4, 1, 3, 2]), 2.5)
    }

    func testQuantileInterpolatesLinearly() {
        // Sorted 10, 20, 30, 40, 50: the 0.1 quantile sits 0.4 of the way from 10 to 20.
        XCTAssertEqual(quantile([50, 10, 40, 20, 30], 0.1), 14, accuracy: 1e-12)
        XCTAssertEqual(quantile([50, 10, 40, 20, 30], 0), 10)
        XCTAssertEqual(quantile([50, 10, 40, 20, 30], 1), 50)
    }

    func testInterquartileRangeOfEvenlySpacedValues() {
        // Quartiles of 1...9 are 3 and 7.
        XCTAssertEqual(interquartileRange([9, 1, 8, 2, 7, 3, 6, 4, 5]), 4)
    }

    func testInterquartileRangeWithDivergedUpperQuarterIsInfinite() {
        XCTAssertEqual(interquartileRange([1, 2, .infinity, .infinity]), .infinity)
    }

    func testMedianOfInfinitiesIsInfinite() {
        XCTAssertEqual(median([1, .infinity, .infinity, .infinity]), .infinity)
        XCTAssertEqual(quantile([.infinity, .infinity], 0.5), .infinity)
    }

    func testEmptyValuesGiveNaN() {
        XCTAssertTrue(median([]).isNaN)
        XCTAssertTrue(mean([]).isNaN)
        XCTAssertTrue(interquartileRange([]).isNaN)
    }

    func testMeanIsArithmetic() {
        XCTAssertEqual(mean([1, 2, 6]), 3)
    }
}
