import Foundation
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// Runs planned with `--no-brain`: the bare base optimizer, for comparison.
final class TrainerNoBrainTests: XCTestCase {
    func testNoBrainRecordsNeutralKnobs() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 120, useBrain: false))
        harness.start()
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(outcome, .finished(steps: 120))
        XCTAssertEqual(trace.header?.brainSettings, [:])
        XCTAssertEqual(trace.steps.map(\.step), Array(1...120))
        for record in trace.steps {
            XCTAssertEqual(record.knobs, Array(repeating: [1, 1, 0], count: 6), "step \(record.step)")
            XCTAssertNil(record.reward, "step \(record.step)")
            XCTAssertNil(record.baseline, "step \(record.step)")
            XCTAssertTrue(record.groups.allSatisfy { $0.gradientNorm?.isFinite == true }, "step \(record.step)")
            XCTAssertTrue(record.groups.allSatisfy { ($0.gradientNorm ?? -1) >= 0 }, "step \(record.step)")
        }
        XCTAssertTrue(trace.steps.contains { $0.groups.contains { ($0.gradientNorm ?? 0) > 0 } })
        XCTAssertEqual(trace.events(.brainUpdate), [])
    }

    func testNoBrainCommandsReportNotes() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000, useBrain: false))
        harness.start()
        try harness.waitForStep(10)
        let commands: [TrainerCommand] = [.toggleFreeze, .resetGroup(0), .resetAll, .snapshot]
        for command in commands {
            harness.send(command)
        }
        for _ in commands {
            try harness.waitForEvent(.note)
        }
        harness.send(.stop)
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        guard case .stopped(let steps) = outcome else {
            return XCTFail("expected the run to go on until stopped, got \(outcome)")
        }
        XCTAssertEqual(trace.steps.count, steps)

        let message = "this run has no brain (--no-brain): nothing to freeze, reset or save"
        XCTAssertEqual(trace.events(.note).map(\.message), Array(repeating: message, count: commands.count))
        XCTAssertEqual(trace.events(.error), [], "a key the run cannot act on is not an error")
        XCTAssertEqual(trace.events.filter { [.freeze, .unfreeze, .reset, .snapshot].contains($0.kind) }, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: harness.runDirectory.snapshotsPath), [])
    }
}
