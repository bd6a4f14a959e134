import Foundation
import OpOpDashboard
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// A trace that cannot be written. Training goes on, and the dashboard gets the error.
final class TrainerTraceFailureTests: XCTestCase {
    func testTraceWriteErrorReachesDashboard() throws {
        // Writes to /dev/full fail with ENOSPC, as on a full disk, even for root.
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            throw XCTSkip("/dev/full is missing, so a full disk cannot be simulated")
        }
        let harness = try TrainerHarness(plan: .testPlan(steps: 200)) { runDirectory in
            try FileManager.default.createSymbolicLink(atPath: runDirectory.tracePath, withDestinationPath: "/dev/full")
        }
        harness.start()
        let outcome = harness.finish()

        XCTAssertEqual(outcome, .finished(steps: 200))
        XCTAssertEqual(harness.records.steps.count, 200, "the dashboard still gets every step")

        let errors = harness.records.events(.error)
        XCTAssertFalse(errors.isEmpty, "no error event for the failed trace writes")
        for error in errors {
            XCTAssertTrue(error.message.hasPrefix("writing the trace failed, training continues: "), error.message)
            XCTAssertTrue((0...200).contains(error.step), "the error event has step \(error.step), outside the run")
        }

        var history = RunHistory()
        for record in harness.records {
            history.ingest(record)
        }
        XCTAssertEqual(history.ignoredRecordCount, 0, String(describing: history.lastIgnoredReason))
        XCTAssertEqual(history.eventCounts[.error], errors.count)

        let problem = try XCTUnwrap(harness.thread.endProblems.last, "the lost records must be reported at exit")
        XCTAssertTrue(problem.hasPrefix("the trace is missing "), problem)
        XCTAssertTrue(problem.contains("because writing it failed"), problem)
    }

    func testTraceProblemSentences() {
        XCTAssertNil(Trainer.describeTraceProblem(dropped: 0, error: nil))
        XCTAssertEqual(
            Trainer.describeTraceProblem(dropped: 7, error: nil),
            "the trace is missing 7 records because writing it fell behind the trainer")
        let error = TraceWriterError(path: "/x/trace.jsonl", operation: .write, reason: "No space left on device")
        XCTAssertEqual(
            Trainer.describeTraceProblem(dropped: 3, error: error),
            "the trace is missing 3 records because writing it failed: \(error)")
        XCTAssertEqual(
            Trainer.describeTraceProblem(dropped: 0, error: error),
            "writing the trace reported an error, but no record was lost: \(error)")
    }
}
