@testable import OpOpExport
import XCTest

final class MedianSketchTests: XCTestCase {
    func testExactForSmallStreams() {
        var sketch = MedianSketch()
        for value in [5.0, -1, 3, 0, 2] {
            sketch.add(value)
        }
        XCTAssertTrue(sketch.isExact)
        XCTAssertEqual(sketch.median, 2)
    }

    func testEmptyHasNoMedian() {
        XCTAssertNil(MedianSketch().median)
    }

    func testLargeStreamWithinStatedBound() {
        var sketch = MedianSketch()
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = []
        for _ in 0..<50_000 {
            let value = Double.random(in: 0.01...10, using: &generator)
            values.append(value)
            sketch.add(value)
        }

        values.sort()
        let lower = values[(values.count - 1) / 2]
        let upper = values[values.count / 2]
        let estimate = try! XCTUnwrap(sketch.median)
        XCTAssertFalse(sketch.isExact)
        XCTAssertEqual(sketch.relativeAccuracy, 0.001, accuracy: 1e-9)
        XCTAssertGreaterThanOrEqual(estimate, lower * (1 - sketch.relativeAccuracy))
        XCTAssertLessThanOrEqual(estimate, upper * (1 + sketch.relativeAccuracy))
    }

    func testNegativeAndZeroValuesPastExactCapacity() {
        var sketch = MedianSketch()
        for index in 0..<3_001 {
            sketch.add(Double(index - 1_500))
        }
        XCTAssertFalse(sketch.isExact)
        XCTAssertEqual(sketch.median, 0)
    }

    func testWideRangeMergesBucketsAndReportsLooserBound() {
        var sketch = MedianSketch()
        var value = 1e-200
        while value < 1e200 {
            sketch.add(value)
            value *= 1.01
        }
        XCTAssertGreaterThan(sketch.relativeAccuracy, 0.001)
        let median = try! XCTUnwrap(sketch.median)
        XCTAssertEqual(log10(median), 0, accuracy: log10(1 + 2 * sketch.relativeAccuracy) + 0.01)
    }
}
