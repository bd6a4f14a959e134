import XCTest
import OpOpWorkloads

final class DeterminismTests: XCTestCase {
    func testSameSeedSameLosses() throws {
        for name in WorkloadCatalog.names {
            let first = try losses(name: name, seed: 42)
            let second = try losses(name: name, seed: 42)

            XCTAssertEqual(first, second, name)
        }
    }

    func testDifferentSeedDifferentLosses() throws {
        for name in WorkloadCatalog.names {
            let first = try losses(name: name, seed: 42)
            let second = try losses(name: name, seed: 43)

            XCTAssertNotEqual(first, second, name)
        }
    }

    func testSameSeedSameInitialWeights() throws {
        for name in WorkloadCatalog.names {
            let first = try WorkloadCatalog.make(name: name, seed: 9)
            let second = try WorkloadCatalog.make(name: name, seed: 9)
            let other = try WorkloadCatalog.make(name: name, seed: 10)

            XCTAssertEqual(first.groups.map(\.values), second.groups.map(\.values), name)
            XCTAssertNotEqual(first.groups[0].values, other.groups[0].values, name)
        }
    }

    /// Returns the losses of 30 SGD steps, plus the held-out metrics at the end.
    private func losses(name: String, seed: UInt64) throws -> [Double] {
        let workload = try WorkloadCatalog.make(name: name, seed: seed)
        var values: [Double] = []
        for _ in 0..<30 {
            values.append(try workload.trainingStep())
            applySGD(to: workload.groups, learningRate: 0.1)
        }
        return values + (try workload.evaluate().map(\.value))
    }
}
