import Foundation
import XCTest

/// Drives `opop-top run` through tmux while it trains the digits MLP, pressing keys as a
/// user would and checking both the screen and the trace the run writes.
final class LiveDashboardTests: EndToEndTestCase {
    /// More steps than any test waits for, so training is still running when it quits.
    private static let steps = "10000000"

    func testDashboardShowsGroupsChartAndSteps() throws {
        let (session, _) = try startLiveRun()

        let screen = try waitForSteps(session, atLeast: 200)

        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)
        let lossChart = try XCTUnwrap(DashboardScreen.boxBody(titled: "Loss", in: screen), screen)
        let braille = lossChart.joined().unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
        XCTAssertGreaterThan(braille.count, 10, "the loss chart has almost no braille plot:\n\(screen)")
        XCTAssertTrue(DashboardScreen.statusLine(screen)?.contains(" LEARNING ") == true, screen)
        XCTAssertTrue(DashboardScreen.containsColour(try session.capture(escapes: true)), "the default run shows no colour")

        let firstStep = try XCTUnwrap(DashboardScreen.step(screen))
        try session.waitUntil("the step counter to pass \(firstStep)") { (DashboardScreen.step($0) ?? 0) > firstStep }
    }

    func testFreezeHoldsEveryKnob() throws {
        let (session, runDirectory) = try startLiveRun()
        try waitForSteps(session, atLeast: 50)

        try session.sendKeys("f")
        try session.waitUntil("FROZEN on the status line") { DashboardScreen.statusLine($0)?.contains(" FROZEN ") == true }
        let frozenTrace = try TraceFile.waitUntil("200 steps after the freeze", in: runDirectory) { trace in
            (trace.steps(afterEvent: "freeze")?.count ?? 0) >= 200
        }
        try session.sendKeys("f")
        try session.waitUntil("LEARNING on the status line") { DashboardScreen.statusLine($0)?.contains(" LEARNING ") == true }
        let trace = try TraceFile.waitUntil("20 steps after the unfreeze", in: runDirectory) { trace in
            (trace.steps(afterEvent: "unfreeze")?.count ?? 0) >= 20
        }

        let before = try XCTUnwrap(frozenTrace.lastStep(beforeEvent: "freeze"))
        let learningSteps = trace.steps.prefix { $0.step <= before.step }
        XCTAssertGreaterThan(Set(learningSteps.map(\.knobs)).count, 1, "the knobs never changed before the freeze, so holding them proves nothing")

        let frozen = try XCTUnwrap(trace.steps(afterEvent: "freeze", until: "unfreeze"))
        XCTAssertGreaterThanOrEqual(frozen.count, 200)
        if let changed = frozen.first(where: { $0.knobs != before.knobs }) {
            XCTFail("step \(changed.step) has knobs \(changed.knobs) while frozen; step \(before.step), the last before the freeze, had \(before.knobs)")
        }
        let frozenEvents = try XCTUnwrap(trace.records(afterEvent: "freeze", until: "unfreeze")).compactMap { record in
            if case .event(let event) = record { event.kind } else { nil }
        }
        XCTAssertFalse(frozenEvents.contains("brain_update"), "the brain learned while frozen: \(frozenEvents)")

        let resumed = try XCTUnwrap(trace.steps(afterEvent: "unfreeze"))
        XCTAssertGreaterThan(Set(resumed.map(\.knobs)).count, 1, "the knobs stayed fixed after the unfreeze")
    }

    func testSnapshotWritesLoadableArchive() throws {
        let (session, runDirectory) = try startLiveRun()
        try waitForSteps(session, atLeast: 20)

        try session.sendKeys("s")

        let trace = try TraceFile.waitUntil("a snapshot event", in: runDirectory) { trace in
            trace.events.contains { $0.kind == "snapshot" }
        }
        let event = try XCTUnwrap(trace.events.first { $0.kind == "snapshot" })
        let expectedPath = runDirectory.appendingPathComponent("snapshots")
            .appendingPathComponent(String(format: "step-%06d.npz", event.step)).path
        XCTAssertEqual(event.path, expectedPath)
        let screen = try session.waitFor("snapshot saved to \(expectedPath)")
        XCTAssertTrue(DashboardScreen.statusLine(screen)?.contains("snapshot saved to ") == true, screen)
        XCTAssertTrue(FileManager.default.fileExists(atPath: expectedPath), expectedPath)

        guard let python = Self.pythonWithNumPy() else {
            throw XCTSkip("python3 with numpy is not installed (Debian package python3-numpy), so the snapshot was not loaded")
        }
        let loaded = try Self.loadSnapshot(expectedPath, python: python)
        XCTAssertEqual(loaded.step, event.step)
        XCTAssertFalse(loaded.isFrozen)
        let stepRecord = try XCTUnwrap(trace.steps.first { $0.step == event.step }, "no step record for step \(event.step)")
        XCTAssertEqual(loaded.knobs, stepRecord.knobs, "the snapshot's knobs differ from the trace at step \(event.step)")
    }

    func testResetKeysWriteResetEvents() throws {
        let (session, runDirectory) = try startLiveRun()
        try waitForSteps(session, atLeast: 50)
        // Frozen knobs change only through a reset, so the reset values are exact.
        try session.sendKeys("f")
        try session.waitUntil("FROZEN on the status line") { DashboardScreen.statusLine($0)?.contains(" FROZEN ") == true }

        try session.sendKeys("R")
        try session.waitFor("Reset all 4 groups? (y/n)")
        try session.sendKeys("n")
        try session.waitUntil("the confirmation to close") { !$0.contains("Reset all 4 groups?") }
        try session.sendKeys("j")
        try session.waitFor("> fc1.bias ")
        try session.sendKeys("r")
        try session.waitFor("group fc1.bias reset to neutral")
        try session.sendKeys("R")
        try session.waitFor("Reset all 4 groups? (y/n)")
        try session.sendKeys("y")
        try session.waitFor("all 4 groups reset to neutral")

        let trace = try TraceFile.waitUntil("10 steps after the second reset", in: runDirectory) { trace in
            (trace.steps(afterEvent: "reset", occurrence: 2)?.count ?? 0) >= 10
        }
        // A reset from the declined confirmation would come first, because the trainer
        // applies commands in the order the keys were pressed.
        let resets = trace.events.filter { $0.kind == "reset" }
        XCTAssertEqual(resets.map(\.group), ["fc1.bias", nil], "\(resets.map(\.message))")

        let knobsBeforeReset = try XCTUnwrap(trace.lastStep(beforeEvent: "reset")).knobs
        let afterGroupReset = try XCTUnwrap(trace.steps(afterEvent: "reset", until: "reset"))
        XCTAssertFalse(afterGroupReset.isEmpty)
        var expected = knobsBeforeReset
        expected[1] = .neutral
        if let wrong = afterGroupReset.first(where: { $0.knobs != expected }) {
            XCTFail("step \(wrong.step) has knobs \(wrong.knobs) after resetting fc1.bias, expected \(expected)")
        }
        let allNeutral = Array(repeating: TraceFile.Knobs.neutral, count: 4)
        if let wrong = try XCTUnwrap(trace.steps(afterEvent: "reset", occurrence: 2)).first(where: { $0.knobs != allNeutral }) {
            XCTFail("step \(wrong.step) has knobs \(wrong.knobs) after resetting all groups")
        }
    }

    func testCLocaleWritesOnlyAscii() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let output = scratch.appendingPathComponent("output")
        let arguments = ["run", "--steps", Self.steps, "--run-dir", runDirectory.path]
        // The shell waits for Enter, so the recording starts before the first byte.
        let command = "read gate && " + programCommand(arguments, environment: ["LC_ALL=C", "TERM=screen-256color"])
        let session = try startSession(command)
        try session.recordOutput(to: output)
        try session.sendKeys("Enter")

        let screen = try waitForSteps(session, atLeast: 200)

        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)
        let lossChart = try XCTUnwrap(DashboardScreen.boxBody(titled: "Loss", in: screen), screen)
        XCTAssertTrue(lossChart.joined().contains("*"), "no ASCII plot in the loss chart:\n\(screen)")
        XCTAssertTrue(screen.utf8.allSatisfy { $0 < 0x80 }, screen)
        let bytes = try Data(contentsOf: output)
        XCTAssertGreaterThan(bytes.count, 1000, "the output recording is nearly empty")
        if let index = bytes.firstIndex(where: { $0 >= 0x80 }) {
            let context = bytes[max(bytes.startIndex, index - 40)..<min(bytes.endIndex, index + 40)]
            XCTFail("byte \(String(format: "0x%02X", bytes[index])) at offset \(index) of the output: \(String(decoding: context, as: UTF8.self).debugDescription)")
        }
    }

    func testNoColorShowsDashboardWithoutColour() throws {
        let (session, _) = try startLiveRun(environment: standardEnvironment + ["NO_COLOR=1"])
        let screen = try waitForSteps(session, atLeast: 50)
        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)

        try session.sendKeys("f")

        try session.waitUntil("FROZEN on the status line") { DashboardScreen.statusLine($0)?.contains(" FROZEN ") == true }
        let escapes = try session.capture(escapes: true)
        XCTAssertFalse(DashboardScreen.containsColour(escapes), escapes)
        XCTAssertTrue(escapes.contains("\u{1B}[1;7m FROZEN "), "the brain state lost its bold reverse video: \(escapes)")
    }

    func testEveryPanelFitsAt80x24() throws {
        let (session, _) = try startLiveRun(width: 80, height: 24)

        let screen = try waitForSteps(session, atLeast: 50)

        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == 24 else {
            return XCTFail("the capture has \(lines.count) lines, not 24:\n\(screen)")
        }
        XCTAssertTrue(lines[0].hasPrefix("opop-top · digits · adam"), screen)
        for title in ["Loss", "Reward", "Groups"] {
            let body = DashboardScreen.boxBody(titled: title, in: screen)
            XCTAssertFalse(body?.isEmpty ?? true, "no \(title) panel at 80x24:\n\(screen)")
        }
        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)
        XCTAssertTrue(lines[22].hasPrefix("step "), "the status line is not second to last:\n\(screen)")
        XCTAssertTrue(lines[23].hasPrefix("q Quit"), "the key hints are not on the last line:\n\(screen)")
    }

    func testResizeToTinyAndBackRedraws() throws {
        let (session, _) = try startLiveRun()
        try waitForSteps(session, atLeast: 20)

        try session.resize(width: 40, height: 10)

        let tiny = try session.waitFor("terminal too small")
        XCTAssertFalse(tiny.contains("Groups"), tiny)

        try session.resize(width: 100, height: 30)

        let restored = try session.waitUntil("the dashboard again") { screen in
            !screen.contains("terminal too small") && DashboardScreen.showsGroupRows(screen)
        }
        let lines = restored.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == 30 else {
            return XCTFail("the capture has \(lines.count) lines, not 30:\n\(restored)")
        }
        XCTAssertEqual(lines[1].count, 100, "the loss panel's top border is not 100 columns wide:\n\(restored)")
        XCTAssertNotNil(DashboardScreen.step(restored), restored)
    }

    func testViewKeysChangeDisplay() throws {
        let (session, runDirectory) = try startLiveRun()
        try waitForSteps(session, atLeast: 20)

        try session.sendKeys("l")
        try session.waitFor("┌ Loss raw EMA (log) ")
        // `-` skips the windows longer than the run so far, so the label it reaches depends
        // on the step count. `+` must then widen it to another label.
        func windowLabel(_ screen: String) -> Substring? {
            screen.prefix { $0 != "\n" }.split(separator: " ").last
        }
        try session.sendKeys("-")
        let narrowed = try session.waitUntil("a window other than all on the title line") { screen in
            windowLabel(screen).map { $0 != "all" } ?? false
        }
        let narrowedLabel = try XCTUnwrap(windowLabel(narrowed))
        try session.sendKeys("+")
        try session.waitUntil("a wider window than \(narrowedLabel) on the title line") { screen in
            windowLabel(screen).map { $0 != narrowedLabel } ?? false
        }
        try session.sendKeys("?")
        try session.waitFor("press any key to close")
        try session.sendKeys("x")
        try session.waitUntil("the help to close") { !$0.contains("press any key to close") }

        try session.sendKeys("Space")
        let paused = try session.waitUntil("PAUSED on the status line") { DashboardScreen.statusLine($0)?.hasPrefix(" PAUSED ") == true }
        let pausedStep = try XCTUnwrap(DashboardScreen.step(paused))
        try TraceFile.waitUntil("100 steps past step \(pausedStep)", in: runDirectory) { trace in
            (trace.steps.last?.step ?? 0) >= pausedStep + 100
        }
        XCTAssertEqual(DashboardScreen.step(try session.capture()), pausedStep, "the paused display moved on")

        try session.sendKeys("Space")
        try session.waitUntil("the display to resume past step \(pausedStep)") { screen in
            DashboardScreen.statusLine(screen)?.hasPrefix("step ") == true && (DashboardScreen.step(screen) ?? 0) > pausedStep
        }
    }

    // MARK: - Helpers

    /// Starts a long digits run in a scratch run directory and returns the session and
    /// that directory.
    private func startLiveRun(environment: [String]? = nil, width: Int = 100, height: Int = 30) throws -> (TmuxSession, URL) {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let arguments = ["run", "--steps", Self.steps, "--run-dir", runDirectory.path]
        let session = try startProgram(arguments, environment: environment, width: width, height: height)
        return (session, runDirectory)
    }

    /// Waits until the status line shows step `count` or later, and returns the screen.
    @discardableResult
    private func waitForSteps(_ session: TmuxSession, atLeast count: Int) throws -> String {
        try session.waitUntil("step \(count) on the status line", timeout: 30) { screen in
            (DashboardScreen.step(screen) ?? 0) >= count
        }
    }

    /// The contents of a snapshot that numpy loaded.
    private struct LoadedSnapshot: Decodable {
        var step: Int
        var isFrozen: Bool
        var knobs: [TraceFile.Knobs]

        enum CodingKeys: String, CodingKey {
            case step, isFrozen = "is_frozen", knobs
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            step = try container.decode(Int.self, forKey: .step)
            isFrozen = try container.decode(Bool.self, forKey: .isFrozen)
            knobs = try container.decode([[Double]].self, forKey: .knobs).map { row in
                TraceFile.Knobs(scale: row[0], clip: row[1], dampen: row[2])
            }
        }
    }

    /// Loads every array of the archive at `path` with numpy, which rejects pickled
    /// object arrays by default, and returns the step, frozen flag and knobs it stores.
    private static func loadSnapshot(_ path: String, python: String) throws -> LoadedSnapshot {
        let script = """
            import json, sys, numpy
            archive = numpy.load(sys.argv[1])
            arrays = {name: archive[name] for name in archive.files}
            print(json.dumps({"step": int(arrays["step"]), "is_frozen": bool(arrays["is_frozen"]), "knobs": arrays["knobs"].astype(float).tolist()}))
            """
        let result = try Subprocess.run(python, arguments: ["-c", script, path], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else {
            throw HarnessError("numpy could not load \(path) (python3 exited with status \(result.status)): \(result.errors)")
        }
        return try JSONDecoder().decode(LoadedSnapshot.self, from: Data(result.output.utf8))
    }

    /// Finds `python3` on PATH and checks that it imports numpy; nil when either is missing.
    private static func pythonWithNumPy() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let python = directories.map({ "\($0)/python3" }).first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let check = try? Subprocess.run(python, arguments: ["-c", "import numpy"], environment: environment)
        return check?.status == 0 ? python : nil
    }
}
