import XCTest
@testable import OpOpWorkloads

final class CatalogTests: XCTestCase {
    func testNamesListDefaultFirst() {
        XCTAssertEqual(WorkloadCatalog.names, ["digits", "spirals"])
        XCTAssertEqual(WorkloadCatalog.defaultName, "digits")
    }

    func testSummaryOfEveryName() {
        for name in WorkloadCatalog.names {
            let summary = WorkloadCatalog.summary(of: name)
            XCTAssertNotNil(summary, name)
            XCTAssertFalse(summary?.contains("\n") ?? true, "A summary must fit on one line: \(name)")
        }
        XCTAssertNil(WorkloadCatalog.summary(of: "mnist"))
    }

    func testMakeDigitsGroups() throws {
        let workload = try WorkloadCatalog.make(name: "digits", seed: 1)

        XCTAssertEqual(workload.name, "digits")
        XCTAssertEqual(workload.summary, WorkloadCatalog.summary(of: "digits"))
        XCTAssertEqual(workload.groups.map(\.name), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        XCTAssertEqual(workload.groups.map(\.count), [64 * 64, 64, 64 * 10, 10])
    }

    func testMakeSpiralsGroups() throws {
        let workload = try WorkloadCatalog.make(name: "spirals", seed: 1)

        XCTAssertEqual(workload.name, "spirals")
        XCTAssertEqual(workload.summary, WorkloadCatalog.summary(of: "spirals"))
        XCTAssertEqual(
            workload.groups.map(\.name),
            ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"]
        )
        XCTAssertEqual(workload.groups.map(\.count), [2 * 32, 32, 32 * 32, 32, 32 * 2, 2])
    }

    func testGroupsStayTheSameObjects() throws {
        let workload = try WorkloadCatalog.make(name: "spirals", seed: 1)
        let before = workload.groups.map(ObjectIdentifier.init)

        _ = try workload.trainingStep()
        _ = try workload.evaluate()

        XCTAssertEqual(workload.groups.map(ObjectIdentifier.init), before)
    }

    func testUnknownNameErrors() {
        let cases: [(id: String, name: String, suggestion: String?)] = [
            ("missing letter", "digit", "digits"),
            ("capitalised", "Spirals", "spirals"),
            ("unrelated", "mnist", nil),
            ("empty", "", nil),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try WorkloadCatalog.make(name: testCase.name, seed: 1), testCase.id) { error in
                XCTAssertEqual(
                    error as? WorkloadError,
                    .unknownWorkload(name: testCase.name, choices: ["digits", "spirals"], suggestion: testCase.suggestion),
                    testCase.id
                )
            }
        }
    }

    func testUnknownNameMessage() {
        let error = WorkloadError.unknownWorkload(name: "digit", choices: ["digits", "spirals"], suggestion: "digits")

        XCTAssertEqual(error.description, "Unknown workload 'digit'. Choose one of: digits, spirals. Did you mean 'digits'?")
    }
}
