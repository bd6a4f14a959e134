import Foundation
import XCTest
@testable import OpOpWorkloads

final class DigitsDataTests: XCTestCase {
    func testEmbeddedBytesEqualCommittedFile() throws {
        let committedFile = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("../../Sources/OpOpWorkloads/Data/digits.csv.gz")
            .standardizedFileURL
        let committed = try [UInt8](Data(contentsOf: committedFile))

        let embedded = try DigitsDataset.embeddedGzipBytes()

        XCTAssertEqual(embedded.count, committed.count, "Run scripts/embed-digits.sh to regenerate DigitsData.swift")
        XCTAssertTrue(embedded == committed, "Run scripts/embed-digits.sh to regenerate DigitsData.swift")
    }

    func testShapeAndClassCounts() throws {
        let dataset = try DigitsDataset.load()

        XCTAssertEqual(dataset.count, 1797)
        XCTAssertEqual(dataset.featureCount, 64)
        XCTAssertEqual(dataset.classCount, 10)
        XCTAssertEqual(dataset.features.count, 1797 * 64)

        var classCounts = [Int](repeating: 0, count: 10)
        for label in dataset.labels {
            classCounts[label] += 1
        }
        XCTAssertEqual(classCounts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    }

    func testPixelsScaledToUnitInterval() throws {
        let dataset = try DigitsDataset.load()

        XCTAssertEqual(dataset.features.min(), 0)
        XCTAssertEqual(dataset.features.max(), 1)
        let offGrid = dataset.features.filter { ($0 * 16).rounded() != $0 * 16 }
        XCTAssertEqual(offGrid.count, 0, "Every pixel is an integer 0...16 divided by 16")
    }

    func testFirstRowMatchesFile() throws {
        let dataset = try DigitsDataset.load()

        // The first line of digits.csv.gz starts "0,0,5,13,9,1,0,0," and ends with label 0.
        XCTAssertEqual(Array(dataset.features[0..<8]), [0, 0, 5, 13, 9, 1, 0, 0].map { Float($0) / 16 })
        XCTAssertEqual(dataset.labels[0], 0)
    }

    func testWorkloadSplitSizes() throws {
        let workload = try DigitsWorkload(seed: 3)

        // Each class gives round(20%) of its rows: 36+36+35+37+36+36+36+36+35+36.
        XCTAssertEqual(workload.training.heldOutSet.count, 359)
        XCTAssertEqual(workload.training.trainingSet.count, 1797 - 359)
    }
}
