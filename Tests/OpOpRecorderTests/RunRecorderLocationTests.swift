import Foundation
import OpOpBrain
import OpOpRecorder
import OpOpTrace
import XCTest

final class RunRecorderLocationTests: XCTestCase {
    private var fixture: RecorderFixture!

    override func setUpWithError() throws {
        fixture = try RecorderFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    func testAppendModeWritesSecondHeader() throws {
        let first = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .none)
        first.record(step: RecorderFixture.stepRecord(1))
        first.close()

        XCTAssertThrowsError(try RunRecorder.prepareRunDirectory(path: fixture.runDirectory.path, workload: "test", environment: [:])) { error in
            XCTAssertEqual(error as? RunDirectoryError, .containsTrace(path: fixture.runDirectory.path))
        }
        let reopened = try RunRecorder.prepareRunDirectory(path: fixture.runDirectory.path, workload: "test", appending: true, environment: [:])
        XCTAssertTrue(reopened.containsTrace)

        let second = try RunRecorder(runDirectory: reopened, header: RecorderFixture.header(), controls: .none)
        second.record(step: RecorderFixture.stepRecord(1))
        second.close()

        let kinds = try fixture.readTrace().map { record -> String in
            switch record {
            case .header: "header"
            case .step(let step): "step \(step.step)"
            case .evaluation: "eval"
            case .event: "event"
            }
        }
        XCTAssertEqual(kinds, ["header", "step 1", "header", "step 1"])
    }

    func testEnvironmentDirectoryWinsAndIsCreated() throws {
        let fromEnvironment = fixture.scratch + "/from-env/run"
        let directory = try RunRecorder.prepareRunDirectory(
            path: fixture.scratch + "/ignored", workload: "test", environment: ["OPOP_RUN_DIR": fromEnvironment]
        )
        XCTAssertEqual(directory.path, fromEnvironment)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fromEnvironment + "/snapshots"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.scratch + "/ignored"))
    }

    func testEnvironmentDirectoryWithTraceIsAppended() throws {
        let first = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .none)
        first.close()

        let directory = try RunRecorder.prepareRunDirectory(
            path: nil, workload: "test", environment: ["OPOP_RUN_DIR": fixture.runDirectory.path]
        )
        XCTAssertEqual(directory, fixture.runDirectory)
        XCTAssertTrue(directory.containsTrace)
    }

    func testEmptyEnvironmentValueIsIgnored() throws {
        let path = fixture.scratch + "/given"
        let directory = try RunRecorder.prepareRunDirectory(path: path, workload: "test", environment: ["OPOP_RUN_DIR": ""])
        XCTAssertEqual(directory.path, path)
    }
}
