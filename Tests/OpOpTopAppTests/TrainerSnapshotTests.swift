import Foundation
import OpOpBrain
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// Snapshot commands: the checkpoint file they write, and a snapshot that cannot be written.
final class TrainerSnapshotTests: XCTestCase {
    let endlessSteps = 1_000_000

    func testSnapshotWritesLoadableCheckpoint() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        // The first policy update comes after two pairs of 32-step windows and a probe.
        try harness.waitForStep(200)
        harness.send(.snapshot)
        let snapshot = try harness.waitForEvent(.snapshot)
        let traceAtSnapshot = try TraceReader(path: harness.runDirectory.tracePath).readAvailable()
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        let path = harness.runDirectory.snapshotPath(step: snapshot.step)
        XCTAssertEqual(snapshot.path, path)
        XCTAssertEqual(snapshot.message, "snapshot saved to \(path)")
        XCTAssertNotNil(traceAtSnapshot.step(snapshot.step), "the trace is flushed up to the snapshot's step before the event")

        let brain = try loadBrain(from: path, groupNames: try XCTUnwrap(trace.header?.groupNames))
        let updates = trace.events(.brainUpdate).filter { $0.step <= snapshot.step }.count
        XCTAssertEqual(brain.status.step, snapshot.step)
        XCTAssertEqual(brain.status.updates, updates)
        XCTAssertGreaterThan(updates, 0)
        XCTAssertFalse(brain.status.isFrozen)
        XCTAssertEqual(brain.status.knobs.map(\.scale).map(Double.init), try XCTUnwrap(trace.step(snapshot.step)).groups.map(\.scale))
        XCTAssertNotEqual(brain.status.meanKnobs, Array(repeating: .neutral, count: brain.groupCount), "the policy has learned by then")
    }

    func testSnapshotAfterResetAllHasNeutralPolicy() throws {
        // Freezing first keeps the policy from learning between the reset and the
        // snapshot, whatever step each command lands on.
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(40)
        harness.send(.toggleFreeze)
        try harness.waitForEvent(.freeze)
        harness.send(.resetAll)
        try harness.waitForEvent(.reset)
        harness.send(.snapshot)
        let snapshot = try harness.waitForEvent(.snapshot)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        let snapshotPath = try XCTUnwrap(snapshot.path)
        let brain = try loadBrain(from: snapshotPath, groupNames: try XCTUnwrap(trace.header?.groupNames))
        XCTAssertTrue(brain.status.isFrozen)
        XCTAssertEqual(brain.status.meanKnobs, Array(repeating: .neutral, count: brain.groupCount))
        XCTAssertEqual(brain.status.knobs, Array(repeating: .neutral, count: brain.groupCount))
    }

    func testSnapshotOpensInNumPy() throws {
        try PythonNumPy.require()
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(20)
        harness.send(.snapshot)
        let snapshot = try harness.waitForEvent(.snapshot)
        harness.send(.stop)
        _ = harness.finish()

        let script = """
            import sys, numpy
            with numpy.load(sys.argv[1]) as archive:
                print(int(archive["step"]), archive["mean_knobs"].shape, archive["mean_knobs"].dtype)
            """
        let printed = try PythonNumPy.run(script, try XCTUnwrap(snapshot.path))
        XCTAssertEqual(printed, "\(snapshot.step) (6, 3) float32\n")
    }

    func testUnwritableSnapshotReportsError() throws {
        let steps = 1500
        let harness = try TrainerHarness(plan: .testPlan(steps: steps))
        try replaceDirectoryWithFile(harness.runDirectory.snapshotsPath)

        harness.start()
        try harness.waitForStep(20)
        harness.send(.snapshot)
        let failure = try harness.waitForEvent(.error)
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        let failedPath = harness.runDirectory.snapshotPath(step: failure.step)
        XCTAssertTrue(failure.message.hasPrefix("snapshot failed, training continues: cannot save brain checkpoint to '\(failedPath)'"), failure.message)
        XCTAssertNil(failure.path)
        XCTAssertGreaterThanOrEqual(failure.step, 20)

        XCTAssertEqual(outcome, .finished(steps: steps))
        XCTAssertEqual(trace.steps.map(\.step), Array(1...steps))
        let finalFailure = try XCTUnwrap(trace.events(.error).last)
        XCTAssertEqual(trace.events(.error), [failure, finalFailure], "the requested snapshot and the final one both fail")
        XCTAssertEqual(finalFailure.step, steps)
        XCTAssertTrue(finalFailure.message.hasPrefix("the final snapshot failed: "), finalFailure.message)
        XCTAssertEqual(harness.thread.endProblems.count, 1)
        XCTAssertTrue(
            harness.thread.endProblems.first?.hasPrefix("the final brain was not saved: ") ?? false,
            "\(harness.thread.endProblems)")
        XCTAssertEqual(trace.events(.snapshot), [])
        XCTAssertEqual(trace, harness.records, "the trace holds every record, before and after the failure")
    }

    func testSnapshotSucceedsOnceDirectoryIsBack() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        let snapshots = harness.runDirectory.snapshotsPath
        try replaceDirectoryWithFile(snapshots)

        harness.start()
        try harness.waitForStep(10)
        harness.send(.snapshot)
        try harness.waitForEvent(.error)
        try FileManager.default.removeItem(atPath: snapshots)
        try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: false)
        harness.send(.snapshot)
        let snapshot = try harness.waitForEvent(.snapshot)
        harness.send(.stop)
        _ = harness.finish()

        let path = try XCTUnwrap(snapshot.path)
        XCTAssertEqual(path, harness.runDirectory.snapshotPath(step: snapshot.step))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    /// Builds a brain with the run's groups and loads the checkpoint at `path` into it.
    private func loadBrain(from path: String, groupNames: [String]) throws -> Brain {
        var configuration = BrainConfiguration(groupNames: groupNames)
        configuration.seed = 99
        let brain = try Brain(configuration: configuration)
        try brain.loadCheckpoint(from: path)
        return brain
    }

    /// Replaces an empty directory with a regular file of the same name. Permission bits
    /// would not stop a test that runs as root, but a file in the way stops anyone.
    private func replaceDirectoryWithFile(_ path: String) throws {
        try FileManager.default.removeItem(atPath: path)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("not a directory\n".utf8)))
    }

    func testSecondSnapshotAtSameStepIsNoted() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try harness.waitForStep(5)
        // Both requests wait in the mailbox until the next step boundary, which reads them together.
        harness.send(.snapshot)
        harness.send(.snapshot)
        let note = try harness.waitForEvent(.note)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        let first = try XCTUnwrap(trace.events(.snapshot).first)
        let firstPath = try XCTUnwrap(first.path)
        XCTAssertEqual(note.step, first.step)
        XCTAssertEqual(note.message, "the brain at step \(first.step) is already saved in \(firstPath)")
        XCTAssertEqual(trace.events(.snapshot).filter { $0.step == first.step }.count, 1)
    }
}
