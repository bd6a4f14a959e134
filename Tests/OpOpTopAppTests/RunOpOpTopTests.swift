import OpOpTopApp
import XCTest

final class RunOpOpTopTests: XCTestCase {
    func testRunCommandReachesSession() {
        var received: RunOptions?

        let status = runOpOpTop(arguments: ["run", "spirals", "--steps", "12"], catalog: testCatalog) { options in
            received = options
            return 7
        }

        XCTAssertEqual(status, 7)
        XCTAssertEqual(received?.workload, "spirals")
        XCTAssertEqual(received?.steps, 12)
    }

    func testUsageErrorExitsWithTwo() {
        var called = false

        let status = runOpOpTop(arguments: ["run", "--steps", "zero"], catalog: testCatalog) { _ in
            called = true
            return 0
        }

        XCTAssertEqual(status, 2)
        XCTAssertFalse(called)
    }

    func testHelpAndVersionExitWithZero() {
        XCTAssertEqual(runOpOpTop(arguments: ["--version"], catalog: testCatalog) { _ in 1 }, 0)
        XCTAssertEqual(runOpOpTop(arguments: ["help"], catalog: testCatalog) { _ in 1 }, 0)
    }

    func testStandardCatalogIsConsistent() throws {
        let catalog = CommandLineCatalog.standard

        XCTAssertEqual(catalog.workloads.map(\.name), ["digits", "spirals"])
        XCTAssertEqual(catalog.optimizers.map(\.name), ["sgd", "momentum", "adam", "adamw"])
        XCTAssertEqual(catalog.defaultOptimizer, "adam")
        XCTAssertEqual(catalog.defaultSteps, 50_000)
        for optimizer in catalog.optimizers {
            XCTAssertGreaterThan(optimizer.defaultLearningRate, 0, optimizer.name)
            XCTAssertTrue(optimizer.defaultLearningRate.isFinite, optimizer.name)
        }
    }
}
