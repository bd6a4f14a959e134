import Foundation
import XCTest

/// The steering keys a user presses on a watched run, and the checks that they reached
/// the trainer.
extension EndToEndTestCase {
    /// Waits until the status line of the watched run shows LIVE and step `count` or
    /// later, and returns the screen.
    @discardableResult
    func waitForRunSteps(_ session: TmuxSession, atLeast count: Int) throws -> String {
        try session.waitUntil("step \(count) on a LIVE status line") { screen in
            DashboardScreen.runBadge(screen) == "LIVE" && (DashboardScreen.runStep(screen) ?? 0) >= count
        }
    }

    /// Waits until the trainer serves `control.sock` in `runDirectory`, or fails with
    /// the trainer's output.
    func waitForSocket(in runDirectory: URL, of trainer: BackgroundProcess) throws {
        let socket = runDirectory.appendingPathComponent("control.sock").path
        let deadline = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline else {
                throw HarnessError("timed out waiting for \(socket); the trainer's output was:\n\(trainer.output())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Freezes the brain, resets the group at `resetGroup` (selecting it first) and takes
    /// a snapshot with the dashboard's keys, then checks the trace and the snapshot file.
    ///
    /// The trace must show the knobs of the step where the freeze took effect held for
    /// every later step, except the reset group, which is neutral after the reset. numpy
    /// must load the snapshot, and its integer array `snapshotStepArray` must hold the
    /// step of the snapshot event.
    ///
    /// - Parameters:
    ///   - groups: The run's parameter groups, in table order.
    ///   - python: A `python3` that imports numpy.
    func freezeResetAndSnapshot(
        _ session: TmuxSession,
        runDirectory: URL,
        groups: [String],
        resetGroup: Int,
        python: String,
        snapshotStepArray: String
    ) throws {

        try session.sendKeys("f")
        try session.waitUntil("FROZEN on the status line") { DashboardScreen.runShowsBrainState("FROZEN", in: $0) }
        try TraceFile.waitUntil("30 steps after the freeze", in: runDirectory) { trace in
            (trace.steps(afterEvent: "freeze")?.count ?? 0) >= 30
        }

        for _ in 0..<resetGroup {
            try session.sendKeys("j")
        }
        try session.waitFor("> \(groups[resetGroup]) ")
        try session.sendKeys("r")
        try session.waitFor("group \(groups[resetGroup]) reset to neutral")
        try TraceFile.waitUntil("20 steps after the reset", in: runDirectory) { trace in
            (trace.steps(afterEvent: "reset")?.count ?? 0) >= 20
        }

        try session.sendKeys("s")
        let trace = try TraceFile.waitUntil("a snapshot event", in: runDirectory) { trace in
            trace.events.contains { $0.kind == "snapshot" }
        }
        try session.waitFor("snapshot saved to ")

        let freeze = try XCTUnwrap(trace.events.first { $0.kind == "freeze" })
        let atFreeze = try XCTUnwrap(trace.steps.first { $0.step == freeze.step }, "no step record for the freeze's step \(freeze.step)")
        XCTAssertEqual(atFreeze.knobs.count, groups.count)
        let frozen = try XCTUnwrap(trace.steps(afterEvent: "freeze", until: "reset"))
        XCTAssertGreaterThanOrEqual(frozen.count, 30)
        if let changed = frozen.first(where: { $0.knobs != atFreeze.knobs }) {
            XCTFail("step \(changed.step) has knobs \(changed.knobs) while frozen; step \(atFreeze.step), where the freeze took effect, had \(atFreeze.knobs)")
        }
        let frozenEvents = try XCTUnwrap(trace.records(afterEvent: "freeze")).compactMap { record in
            if case .event(let event) = record { event.kind } else { nil }
        }
        XCTAssertFalse(frozenEvents.contains("brain_update"), "the brain learned while frozen: \(frozenEvents)")

        let reset = try XCTUnwrap(trace.events.first { $0.kind == "reset" })
        XCTAssertEqual(reset.group, groups[resetGroup])
        var expected = atFreeze.knobs
        expected[resetGroup] = .neutral
        let afterReset = try XCTUnwrap(trace.steps(afterEvent: "reset"))
        XCTAssertGreaterThanOrEqual(afterReset.count, 20)
        if let wrong = afterReset.first(where: { $0.knobs != expected }) {
            XCTFail("step \(wrong.step) has knobs \(wrong.knobs) after resetting \(groups[resetGroup]); expected \(expected)")
        }

        let snapshot = try XCTUnwrap(trace.events.first { $0.kind == "snapshot" })
        let path = try XCTUnwrap(snapshot.path, "the snapshot event has no path")
        XCTAssertTrue(path.hasPrefix(runDirectory.appendingPathComponent("snapshots").path + "/"), path)
        let archive = try PythonDemo.loadArchive(path, python: python)
        XCTAssertFalse(archive.names.isEmpty, "the snapshot \(path) holds no arrays")
        XCTAssertEqual(archive.integers[snapshotStepArray], snapshot.step, "'\(snapshotStepArray)' in \(path), whose arrays are \(archive.names)")
    }
}
