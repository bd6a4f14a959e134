import Foundation
import OpOpDashboard
import OpOpTerminal
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// The dashboard loop on a `FakeScreen` of 80x24, with a real trainer on its own thread.
///
/// Each test waits until the trace file shows a step before the session starts. The
/// trainer sends the header to the mailbox before it writes that step, so the first
/// frame already has the group names, and keys such as `r` that need them take effect.
final class LiveSessionTests: XCTestCase {
    private let size = ScreenSize(width: 80, height: 24)

    func testScriptedKeysSendCommands() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try waitForTrace(of: harness) { !$0.steps.isEmpty }

        let script: [FakeScreen.Event] = [
            .timeout, .timeout,
            .key(.character("f")), .timeout,
            .key(.character("s")),
            .key(.character("r")),
            .key(.character("R")), .key(.character("y")),
            .key(.character("l")), .key(.character(" ")), .key(.character("+")),
            .timeout,
            .key(.character("q")),
        ]
        let screen = FakeScreen(size: size, events: script)
        let ending = session(harness).run(on: screen)
        let trace = try harness.readTrace()

        guard case .quit(.stopped(let steps)) = ending else {
            return XCTFail("expected q to stop the trainer and quit, got \(ending)")
        }
        XCTAssertEqual(trace.steps.count, steps)
        XCTAssertEqual(screen.pendingEvents, [], "the whole script was played")
        XCTAssertEqual(screen.frames.count, script.count)

        let groupNames = try XCTUnwrap(trace.header?.groupNames)
        let commandEvents = trace.events.filter { [.freeze, .unfreeze, .reset, .snapshot, .error].contains($0.kind) }
        XCTAssertEqual(
            commandEvents.map(\.kind), [.freeze, .snapshot, .reset, .reset, .snapshot],
            "l, space and + change only the view, and the trainer saves a final snapshot when it stops")
        XCTAssertEqual(commandEvents.map(\.group), [nil, nil, groupNames[0], nil, nil], "r resets the selected group, the first")
        let snapshotPath = try XCTUnwrap(commandEvents[1].path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath))
        XCTAssertEqual(trace.last, .event(EventRecord(
            step: steps, wallTime: try XCTUnwrap(trace.events(.trainerEnd).first).wallTime,
            kind: .trainerEnd, message: "training stopped at step \(steps)"
        )))
    }

    func testFramesShowGroupsAndLossChart() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try waitForTrace(of: harness) { !$0.steps.isEmpty }

        let screen = FakeScreen(size: size, events: [.timeout, .key(.character("q"))])
        _ = session(harness).run(on: screen)
        let trace = try harness.readTrace()

        let first = try XCTUnwrap(screen.frames.first)
        XCTAssertEqual(first.width, 80)
        XCTAssertEqual(first.height, 24)
        XCTAssertTrue(first.text.contains("Loss"), first.text)
        XCTAssertTrue(first.text.contains("spirals"), first.text)
        for name in try XCTUnwrap(trace.header?.groupNames).prefix(2) {
            XCTAssertTrue(first.text.contains(name), "\(name) is missing from\n\(first.text)")
        }
        XCTAssertEqual(screen.requestedTimeouts, [.milliseconds(LiveSession.frameMilliseconds), .milliseconds(LiveSession.frameMilliseconds)])
    }

    func testDisplayKeysChangeFrames() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try waitForTrace(of: harness) { !$0.steps.isEmpty }

        // Frame i is drawn before event i is read, so a key's effect shows from frame i + 1.
        let script: [FakeScreen.Event] = [
            .timeout,                 // 0
            .key(.character("l")),    // 1
            .key(.character(" ")),    // 2
            .key(.character("-")),    // 3
            .key(.character("-")),    // 4
            .key(.character("+")),    // 5
            .key(.character("R")),    // 6
            .key(.character("n")),    // 7
            .key(.character("q")),    // 8
        ]
        let screen = FakeScreen(size: size, events: script)
        _ = session(harness).run(on: screen)
        let frames = screen.frames.map(\.text)
        XCTAssertEqual(frames.count, script.count)

        XCTAssertFalse(frames[1].contains("(log)"), frames[1])
        XCTAssertTrue(frames[2].contains("(log)"), frames[2])

        XCTAssertFalse(frames[2].contains("PAUSED"), frames[2])
        XCTAssertTrue(frames[3].contains("PAUSED"), frames[3])

        // `-` skips the windows longer than the run so far, which depends on how many
        // steps the trainer has taken, so the labels are compared with each other.
        func windowLabel(_ frame: String) -> String? {
            frame.split(separator: "\n").first?.split(separator: " ").last.map(String.init)
        }
        XCTAssertEqual(windowLabel(frames[3]), "all", frames[3])
        XCTAssertNotEqual(windowLabel(frames[4]), "all", frames[4])
        XCTAssertNotEqual(windowLabel(frames[5]), windowLabel(frames[4]), frames[5])
        XCTAssertEqual(windowLabel(frames[6]), windowLabel(frames[4]), "+ returns to the window before the second -")

        XCTAssertTrue(frames[7].contains("Reset all 6 groups?"), frames[7])
        XCTAssertFalse(frames[8].contains("Reset all 6 groups?"), frames[8])
        XCTAssertEqual(try harness.readTrace().events(.reset), [], "n declines the reset")
    }

    func testPausedFramesStopAdvancing() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try waitForTrace(of: harness) { !$0.steps.isEmpty }

        // Space, 40 frames while paused, space again, and one frame after resuming. A
        // fixed clock keeps the elapsed time and the rate from changing the status line.
        let pauseFrames = 40
        let script: [FakeScreen.Event] = [.key(.character(" "))]
            + Array(repeating: .timeout, count: pauseFrames)
            + [.key(.character(" ")), .key(.character("q"))]
        let screen = FakeScreen(size: size, events: script)
        let now = Date().timeIntervalSince1970
        _ = session(harness).run(on: screen, clock: { now })

        let pausedLines = screen.frames[1...(pauseFrames + 1)].map { frame in
            frame.lines.first { $0.contains("PAUSED") } ?? "no PAUSED line:\n\(frame.text)"
        }
        XCTAssertEqual(Set(pausedLines).count, 1, "every paused frame shows the same history: \(Set(pausedLines))")
        let resumed = try XCTUnwrap(screen.frames.last)
        XCTAssertFalse(resumed.text.contains("PAUSED"))
        let lastPaused = screen.frames[pauseFrames + 1]
        XCTAssertGreaterThan(
            try XCTUnwrap(shownStep(in: resumed), resumed.text),
            try XCTUnwrap(shownStep(in: lastPaused), lastPaused.text),
            "the history kept growing behind the paused frames"
        )
    }

    /// Returns the step number of the status line, the line with the brain's update
    /// count, or nil when the frame has no such line.
    private func shownStep(in frame: Grid) -> Int? {
        for line in frame.lines where line.contains(" updates ") {
            guard let range = line.range(of: "step ") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            if let step = Int(digits) { return step }
        }
        return nil
    }

    func testSignalEndsSession() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        try waitForTrace(of: harness) { !$0.steps.isEmpty }

        let screen = FakeScreen(size: size, events: [.timeout, .signal(SIGTERM), .key(.character("f"))])
        let ending = session(harness).run(on: screen)
        let trace = try harness.readTrace()

        guard case .signal(SIGTERM, .stopped(let steps)) = ending else {
            return XCTFail("expected SIGTERM to stop the trainer, got \(ending)")
        }
        XCTAssertEqual(trace.steps.count, steps)
        XCTAssertEqual(screen.frames.count, 2)
        XCTAssertEqual(screen.pendingEvents, [.key(.character("f"))], "no key is read after the signal")
        XCTAssertEqual(trace.events(.freeze), [])
    }

    func testFinishedRunShowsEndMessage() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 60))
        harness.start()
        try waitForTrace(of: harness) { !$0.events(.trainerEnd).isEmpty }

        let screen = FakeScreen(size: size, events: [.timeout, .key(.character("q"))])
        let ending = session(harness).run(on: screen)

        XCTAssertEqual(ending, .quit(.finished(steps: 60)))
        let text = try XCTUnwrap(screen.lastFrame).text
        XCTAssertTrue(text.contains("step 60  ended"), text)
        XCTAssertTrue(text.contains("training finished after 60 steps"), text)
    }

    func testCommandAfterEndNamesFinalSnapshot() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 60))
        harness.start()
        try waitForTrace(of: harness) { !$0.events(.trainerEnd).isEmpty }
        // The trace shows the end before the thread has returned; the session checks the
        // thread, so wait for it too.
        _ = harness.thread.wait()

        let screen = FakeScreen(size: size, events: [.timeout, .key(.character("s")), .key(.character("q"))])
        _ = session(harness).run(on: screen)

        XCTAssertEqual(screen.frames.count, 3)
        let text = screen.frames[2].text
        let finalSnapshot = harness.runDirectory.snapshotPath(step: 60)
        XCTAssertTrue(text.contains("training has ended; the final brain is in"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: finalSnapshot))
        XCTAssertEqual(try harness.readTrace().events(.snapshot).map(\.path), [finalSnapshot], "s after the end sends no command")
    }

    func testStatusMessageSkipsRoutineEvents() {
        let cases: [(EventRecord.Kind, String?)] = [
            (.brainUpdate, nil),
            (.trainerStart, nil),
            (.trainerEnd, "the message"),
            (.freeze, "the message"),
            (.snapshot, "the message"),
            (.error, "the message"),
            (.badValue, "the message"),
        ]
        for (kind, expected) in cases {
            let event = EventRecord(step: 1, wallTime: 0, kind: kind, message: "the message")
            XCTAssertEqual(LiveSession.statusMessage(for: event), expected, kind.rawValue)
        }
    }

    func testDroppedRecordsAreReported() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        harness.start()
        let crowded = Mailbox<TraceRecord>(capacity: 2)
        for step in 1...5 {
            crowded.send(.event(EventRecord(step: step, wallTime: 0, kind: .note, message: "note \(step)")))
        }

        let screen = FakeScreen(size: size, events: [.key(.character("q"))])
        let session = LiveSession(trainerThread: harness.thread, commands: harness.commands, output: crowded)
        _ = session.run(on: screen)

        let firstFrame = try XCTUnwrap(screen.frames.first).text
        XCTAssertTrue(firstFrame.contains("skipped 3 records"), firstFrame)
    }

    private func session(_ harness: TrainerHarness) -> LiveSession {
        LiveSession(trainerThread: harness.thread, commands: harness.commands, output: harness.output)
    }

    /// Waits until the records in the run's trace file satisfy `condition`. Reads the
    /// file, not the mailbox, which the session under test must drain itself.
    private func waitForTrace(of harness: TrainerHarness, until condition: ([TraceRecord]) -> Bool) throws {
        let reader = TraceReader(path: harness.runDirectory.tracePath)
        var records: [TraceRecord] = []
        let deadline = Date().addingTimeInterval(TrainerHarness.waitLimit)

        while !condition(records) {
            guard Date() < deadline else {
                throw TrainerHarness.WaitError(description: "timed out waiting for the trace at '\(reader.path)'")
            }
            Thread.sleep(forTimeInterval: 0.01)
            records += try reader.readAvailable()
        }
    }
}
