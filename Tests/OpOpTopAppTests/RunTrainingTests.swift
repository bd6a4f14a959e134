import Foundation
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// `runTraining`, the `run` command, in plain mode, because the dashboard needs a terminal.
final class RunTrainingTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    override func tearDown() {
        scratch?.remove()
    }

    private func options(steps: Int = 150, optimizer: String = "sgd", runDirectory: String) -> RunOptions {
        RunOptions(
            workload: "spirals", optimizer: optimizer, learningRate: 0.05, steps: steps, seed: 3,
            runDirectory: runDirectory, plain: true
        )
    }

    func testRunDirectoryUnderFileExitsWithOne() throws {
        let blocker = scratch.file("blocker")
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker, contents: Data("a file\n".utf8)))
        let runPath = blocker + "/run"

        let (status, output) = try DescriptorCapture.run { runTraining(options(runDirectory: runPath)) }

        XCTAssertEqual(status, 1)
        XCTAssertEqual(
            output.standardError,
            "opop-top: cannot create run directory '\(runPath)': '\(blocker)' exists and is not a directory; choose another --run-dir\n"
        )
        XCTAssertEqual(output.standardOutput, "", "nothing is printed about a run that never started")
    }

    func testRunDirectoryWithTraceExitsWithOne() throws {
        let runPath = scratch.file("earlier")
        try FileManager.default.createDirectory(atPath: runPath, withIntermediateDirectories: false)
        let earlierTrace = Data("{\"type\":\"header\"}\n".utf8)
        XCTAssertTrue(FileManager.default.createFile(atPath: runPath + "/trace.jsonl", contents: earlierTrace))

        let (status, output) = try DescriptorCapture.run { runTraining(options(runDirectory: runPath)) }

        XCTAssertEqual(status, 1)
        XCTAssertTrue(output.standardError.contains("'\(runPath)' already contains a trace"), output.standardError)
        XCTAssertEqual(FileManager.default.contents(atPath: runPath + "/trace.jsonl"), earlierTrace, "the earlier trace is left as it was")
    }

    func testUnknownOptimizerCreatesNoDirectory() throws {
        let runPath = scratch.file("run")

        let (status, output) = try DescriptorCapture.run { runTraining(options(optimizer: "lion", runDirectory: runPath)) }

        XCTAssertEqual(status, 2)
        XCTAssertEqual(output.standardError, "opop-top: unknown optimizer 'lion' (choices: sgd, momentum, adam, adamw)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: runPath))
    }

    func testLearningRateBelowFloatRangeIsUsageError() throws {
        let runPath = scratch.file("run")
        var tiny = options(runDirectory: runPath)
        tiny.learningRate = 1e-300

        let (status, output) = try DescriptorCapture.run { runTraining(tiny) }

        XCTAssertEqual(status, 2)
        XCTAssertTrue(output.standardError.hasPrefix("opop-top: invalid value '1e-300' for --lr; it must lie between"), output.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runPath), "no run directory is made for a run that cannot start")
    }

    func testPlainRunFinishesWithZero() throws {
        let runPath = scratch.file("run")

        let (status, output) = try DescriptorCapture.run { runTraining(options(steps: 150, runDirectory: runPath)) }

        XCTAssertEqual(status, 0)
        XCTAssertEqual(output.standardError, "")

        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "[event] training spirals with sgd, 150 steps")
        XCTAssertEqual(lines.dropLast(4).last, "[event] training finished after 150 steps")
        XCTAssertTrue(lines.dropLast(3).last?.hasPrefix("step 150/150  ") ?? false, output.standardOutput)
        XCTAssertEqual(Array(lines.suffix(3)), [
            "training finished after 150 steps",
            "run directory: \(runPath)",
            "",
        ])

        let trace = try TraceReader(path: runPath + "/trace.jsonl").readToEnd()
        XCTAssertEqual(trace.steps.map(\.step), Array(1...150))
        XCTAssertEqual(trace.events(.trainerEnd).map(\.message), ["training finished after 150 steps"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: runPath + "/snapshots"))
    }
}
