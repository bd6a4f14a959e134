import XCTest
@testable import OpOpDashboard

final class SeriesHistoryTests: XCTestCase {
    func testColumnsOfShortSeriesUseRawValues() {
        var series = SeriesHistory(recentCapacity: 16, summaryCapacity: 8)
        for step in 0..<4 { series.append(step: step, value: Double(step)) }

        let columns = series.columns(ColumnMapping(steps: 0...3, count: 4))

        XCTAssertEqual(columns.map { $0?.mean }, [0, 1, 2, 3])
    }

    func testShortRangeLeavesGapsBetweenSteps() {
        var series = SeriesHistory()
        for step in 0..<3 { series.append(step: step, value: Double(step)) }

        let columns = series.columns(ColumnMapping(steps: 0...2, count: 6))

        XCTAssertEqual(columns.map { $0?.mean }, [0, nil, 1, nil, 2, nil])
    }

    func testSummaryHalvesAndStaysBounded() {
        var series = SeriesHistory(recentCapacity: 64, summaryCapacity: 32)
        for step in 0..<100_000 { series.append(step: step, value: Double(step % 10)) }

        XCTAssertEqual(series.recentCount, 64)
        XCTAssertLessThanOrEqual(series.summaryBucketCount, 32)
        XCTAssertGreaterThanOrEqual(series.summaryBucketCount, 16)
        XCTAssertEqual(series.summaryBucketWidth, 4096)

        let total = series.summaryBuckets.reduce(into: ColumnSummary()) { $0.merge($1) }
        XCTAssertEqual(total.finiteCount, 100_000)
        XCTAssertEqual(total.minimum, 0)
        XCTAssertEqual(total.maximum, 9)
        XCTAssertEqual(total.mean, 4.5, accuracy: 1e-9)
    }

    func testOldColumnsComeFromSummary() {
        var series = SeriesHistory(recentCapacity: 10, summaryCapacity: 8)
        for step in 0..<64 { series.append(step: step, value: Double(step)) }

        // 8 buckets of 8 steps. The ring contains steps 54-63, so only the last column is raw.
        let columns = series.columns(ColumnMapping(steps: 0...63, count: 8))

        XCTAssertEqual(series.summaryBucketWidth, 8)
        XCTAssertEqual(columns.map { $0?.minimum }, [0, 8, 16, 24, 32, 40, 48, 56])
        XCTAssertEqual(columns.map { $0?.maximum }, [7, 15, 23, 31, 39, 47, 55, 63])
        XCTAssertEqual(columns.map { $0?.finiteCount }, Array(repeating: 8, count: 8))
    }

    func testWideBucketFillsEveryColumnItCovers() {
        var series = SeriesHistory(recentCapacity: 4, summaryCapacity: 4)
        for step in 0..<400 { series.append(step: step, value: 1) }

        // Buckets are 128 steps wide and the ring covers no whole column of 10 steps, so
        // every column comes from a bucket: bucket 3 (steps 384-399) fills columns 38-39.
        let columns = series.columns(ColumnMapping(steps: 0...399, count: 40))

        XCTAssertEqual(series.summaryBucketWidth, 128)
        XCTAssertTrue(columns.allSatisfy { $0 != nil })
        XCTAssertEqual(columns[0]?.finiteCount, 128)
        XCTAssertEqual(columns[39]?.finiteCount, 16)
    }

    func testRepeatedStepReplacesLaterValues() {
        var series = SeriesHistory()
        for step in 0..<10 { series.append(step: step, value: 1) }

        series.append(step: 5, value: 7)

        XCTAssertEqual(series.latestStep, 5)
        XCTAssertEqual(series.latestValue, 7)
        let columns = series.columns(ColumnMapping(steps: 0...9, count: 10))
        XCTAssertEqual(columns.map { $0?.mean }, [1, 1, 1, 1, 1, 7, nil, nil, nil, nil])
    }

    func testRewindRebuildsSummaryBucket() {
        var series = SeriesHistory(recentCapacity: 100, summaryCapacity: 4)
        for step in 0..<32 { series.append(step: step, value: 1) }

        series.append(step: 28, value: 100)

        // Bucket 3 covers steps 24-31 and now contains steps 24-27 (value 1) and 28 (100).
        XCTAssertEqual(series.summaryBucketWidth, 8)
        XCTAssertEqual(series.summaryBuckets.count, 4)
        XCTAssertEqual(series.summaryBuckets[3].finiteCount, 5)
        XCTAssertEqual(series.summaryBuckets[3].maximum, 100)
    }

    func testRewindPastRecentKeepsBucket() {
        var series = SeriesHistory(recentCapacity: 2, summaryCapacity: 4)
        for step in 0..<32 { series.append(step: step, value: 1) }

        series.append(step: 28, value: 100)

        // The ring no longer covers steps 24-27, so bucket 3 keeps its old contents.
        XCTAssertEqual(series.summaryBuckets[3].finiteCount, 9)
        XCTAssertEqual(series.latestStep, 28)
    }

    func testRewindBeforeFirstStepClears() {
        var series = SeriesHistory()
        for step in 10..<20 { series.append(step: step, value: 1) }

        series.append(step: 3, value: 2)

        XCTAssertEqual(series.firstStep, 3)
        XCTAssertEqual(series.latestStep, 3)
        XCTAssertEqual(series.summaryBuckets.count, 1)
    }

    func testNonFiniteValuesCountedNotScaled() {
        var series = SeriesHistory()
        series.append(step: 0, value: 1)
        series.append(step: 1, value: .nan)
        series.append(step: 2, value: .infinity)
        series.append(step: 3, value: 3)

        let column = series.columns(ColumnMapping(steps: 0...3, count: 1))[0]

        XCTAssertEqual(series.nonFiniteCount, 2)
        XCTAssertEqual(column?.nonFiniteCount, 2)
        XCTAssertEqual(column?.finiteCount, 2)
        XCTAssertEqual(column?.maximum, 3)
        XCTAssertEqual(column?.mean, 2)
    }

    func testColumnMappingCoversEveryStep() {
        let cases: [(steps: ClosedRange<Int>, count: Int)] = [(0...9, 3), (5...5, 4), (0...99, 7), (10...1_000_009, 250)]
        for (steps, count) in cases {
            let mapping = ColumnMapping(steps: steps, count: count)
            for column in 0..<count {
                let first = mapping.firstStep(ofColumn: column)
                if first <= steps.upperBound {
                    XCTAssertEqual(mapping.column(of: first), column, "\(steps) in \(count): first step of column \(column)")
                    if first > steps.lowerBound {
                        XCTAssertEqual(mapping.column(of: first - 1), column - 1, "\(steps) in \(count): step before column \(column)")
                    }
                }
            }
        }
    }

    func testColumnMappingAtHugeSteps() {
        let mapping = ColumnMapping(steps: 0...(1 << 53), count: 8_000)

        XCTAssertEqual(mapping.column(of: 1 << 53), 7_999)
        XCTAssertEqual(mapping.column(of: 1 << 52), 3_999)
    }
}
