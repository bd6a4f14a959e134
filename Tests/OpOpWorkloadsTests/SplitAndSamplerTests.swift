import OpOpBrain
import XCTest
@testable import OpOpWorkloads

final class SplitAndSamplerTests: XCTestCase {
    /// Returns 100 rows whose single feature is the row index, labels cycling 0, 1, 2.
    private func indexedDataset() -> LabeledDataset {
        LabeledDataset(
            featureCount: 1,
            classCount: 3,
            features: (0..<100).map(Float.init),
            labels: (0..<100).map { $0 % 3 }
        )
    }

    private func rows(of dataset: LabeledDataset) -> [Int] {
        dataset.features.map { Int($0) }
    }

    func testSplitIsStratifiedPartition() {
        var generator = SeededGenerator(seed: 1)

        let (training, heldOut) = indexedDataset().stratifiedSplit(heldOutFraction: 0.2, generator: &generator)

        // Classes of 34, 33 and 33 rows give round(6.8), round(6.6), round(6.6) = 7, 7, 7.
        XCTAssertEqual(heldOut.labels.filter { $0 == 0 }.count, 7)
        XCTAssertEqual(heldOut.labels.filter { $0 == 1 }.count, 7)
        XCTAssertEqual(heldOut.labels.filter { $0 == 2 }.count, 7)
        XCTAssertEqual(training.count, 79)
        XCTAssertEqual(Set(rows(of: training)).intersection(rows(of: heldOut)), [])
        XCTAssertEqual((rows(of: training) + rows(of: heldOut)).sorted(), Array(0..<100))
        XCTAssertEqual(zip(rows(of: heldOut), heldOut.labels).filter { $0 % 3 != $1 }.count, 0, "Labels follow their rows")
    }

    func testSplitDependsOnSeed() {
        var first = SeededGenerator(seed: 1)
        var second = SeededGenerator(seed: 1)
        var other = SeededGenerator(seed: 2)

        let a = indexedDataset().stratifiedSplit(heldOutFraction: 0.2, generator: &first).heldOut
        let b = indexedDataset().stratifiedSplit(heldOutFraction: 0.2, generator: &second).heldOut
        let c = indexedDataset().stratifiedSplit(heldOutFraction: 0.2, generator: &other).heldOut

        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testSamplerVisitsEveryRowOncePerEpoch() {
        var sampler = MinibatchSampler(rowCount: 10, generator: SeededGenerator(seed: 3))
        var batch = [Int](repeating: -1, count: 4)
        var drawn: [Int] = []

        for _ in 0..<5 {
            sampler.fill(&batch)
            drawn += batch
        }

        XCTAssertEqual(drawn.prefix(10).sorted(), Array(0..<10))
        XCTAssertEqual(drawn.suffix(10).sorted(), Array(0..<10))
        XCTAssertNotEqual(Array(drawn.prefix(10)), Array(drawn.suffix(10)), "Each epoch is shuffled again")
        XCTAssertEqual(sampler.completedEpochs, 2)
    }

    func testShuffleIsPermutation() {
        var generator = SeededGenerator(seed: 5)
        var values = Array(0..<50)

        generator.shuffle(&values)

        XCTAssertEqual(values.sorted(), Array(0..<50))
        XCTAssertNotEqual(values, Array(0..<50))
    }

    func testIndexStaysBelowBound() {
        var generator = SeededGenerator(seed: 6)
        var seen = Set<Int>()

        for _ in 0..<1_000 {
            let index = generator.nextIndex(below: 7)
            XCTAssertTrue((0..<7).contains(index), "\(index)")
            seen.insert(index)
        }
        XCTAssertEqual(seen.count, 7)
    }
}
