import OpOpExport
import XCTest

final class DownsampledSeriesTests: XCTestCase {
    func testShortSeriesKeepsEveryStep() {
        var series = DownsampledSeries(maxBuckets: 10)
        for step in 0..<10 {
            series.add(step: step, value: Double(step))
        }
        XCTAssertEqual(series.width, 1)
        XCTAssertEqual(series.buckets.count, 10)
        XCTAssertEqual(series.finiteRange, 0...9)
    }

    func testLongSeriesStaysBoundedAndKeepsSpike() {
        var series = DownsampledSeries(maxBuckets: 100)
        for step in 0..<100_000 {
            series.add(step: step, value: step == 54_321 ? 1_000 : 1)
        }
        XCTAssertLessThanOrEqual(series.buckets.count, 100)
        XCTAssertEqual(series.finiteRange?.upperBound, 1_000)
        XCTAssertTrue(series.buckets.contains { $0.maximum?.step == 54_321 })
        XCTAssertEqual(series.buckets.map(\.finiteCount).reduce(0, +), 100_000)
    }

    func testNonFiniteStepsAreRemembered() {
        var series = DownsampledSeries()
        series.add(step: 1, value: 1)
        series.add(step: 2, value: .nan)
        series.add(step: 3, value: .infinity)
        series.add(step: 4, value: -.infinity)
        XCTAssertEqual(series.finiteRange, 1...1)
        XCTAssertEqual(series.buckets[1].nanStep, 2)
        XCTAssertEqual(series.buckets[2].positiveInfinityStep, 3)
        XCTAssertEqual(series.buckets[3].negativeInfinityStep, 4)
        XCTAssertNil(series.buckets[1].minimum)
    }

    func testForgetDropsLaterBuckets() {
        var series = DownsampledSeries()
        for step in 1...5 {
            series.add(step: step, value: Double(step))
        }
        series.forget(from: 3)
        series.add(step: 3, value: 30)
        XCTAssertEqual(series.buckets.map(\.index), [1, 2, 3])
        XCTAssertEqual(series.buckets.last?.maximum?.value, 30)
    }

    func testReducedBucketsForNarrowChart() {
        var series = DownsampledSeries()
        for step in 0..<1_000 {
            series.add(step: step, value: Double(step % 7))
        }
        let reduced = series.buckets(atMost: 100)
        XCTAssertLessThanOrEqual(reduced.count, 100)
        XCTAssertEqual(reduced.map(\.finiteCount).reduce(0, +), 1_000)
    }
}
