import Foundation
import XCTest

/// Watches and steers the Python demo `demos/python/numpy_demo.py` through the real
/// binary: started by `opop-top -- COMMAND`, or separately and then attached to, killed,
/// restarted, and watched by two viewers at once.
///
/// Every test skips when python3 cannot import numpy and opop, unless
/// `OPOP_REQUIRE_PYTHON=1` is set, and then it fails.
final class PythonRecorderTests: EndToEndTestCase {
    /// More steps than any test waits for, so the trainer is still running when it ends.
    private static let manySteps = "1000000"
    /// The pause after each step: about 160 steps a second, slow enough for a viewer.
    private static let stepDelay = "5"

    private var python = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        python = try PythonDemo.interpreter()
    }

    func testRunCommandKeysReachTrainer() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let command = [python, PythonDemo.numpyDemo, "--steps", Self.manySteps, "--step-delay-ms", Self.stepDelay]
        let (session, recorded) = try startRecordedProgram(
            ["--run-dir", runDirectory.path, "--"] + command, width: 80, height: 24
        )
        try waitForRunSteps(session, atLeast: 50)

        try freezeResetAndSnapshot(
            session, runDirectory: runDirectory, groups: PythonDemo.numpyDemoGroups, resetGroup: 1,
            python: python, snapshotStepArray: "step_count"
        )

        let log = try String(contentsOf: runDirectory.appendingPathComponent("output.log"), encoding: .utf8)
        XCTAssertTrue(log.hasPrefix("run directory: \(runDirectory.path)\n"), "output.log lacks the demo's first line:\n\(log)")

        try session.sendKeys("q")
        try session.waitFor("Stop the trainer?")
        try session.sendKeys("y")

        XCTAssertEqual(try recorded.waitForStatus(), 130, "opop-top should exit with the status of the trainer it stopped")
        let trace = try TraceFile(runDirectory: runDirectory)
        let lastStep = try XCTUnwrap(trace.steps.last).step
        XCTAssertEqual(trace.events.last?.kind, "trainer_end", "the stopped trainer did not close its trace")
        let finalLog = try String(contentsOf: runDirectory.appendingPathComponent("output.log"), encoding: .utf8)
        XCTAssertTrue(finalLog.hasSuffix("stopped at step \(lastStep)\n"), "output.log does not end with the stop line:\n\(finalLog)")
        XCTAssertFalse(finalLog.contains("Traceback"), finalLog)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: runDirectory.appendingPathComponent("control.sock").path),
            "the trainer left its socket, so it did not stop normally"
        )
    }

    func testAttachKeysReachTrainer() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let trainer = try startNumpyDemo(in: runDirectory, log: scratch.appendingPathComponent("trainer.log"))
        try waitForSocket(in: runDirectory, of: trainer)

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        try waitForRunSteps(session, atLeast: 20)

        try freezeResetAndSnapshot(
            session, runDirectory: runDirectory, groups: PythonDemo.numpyDemoGroups, resetGroup: 0,
            python: python, snapshotStepArray: "step_count"
        )

        trainer.send(SIGINT)
        XCTAssertEqual(try trainer.waitForExit(), 130, trainer.output())
        try session.waitUntil("ENDED after the trainer stopped") { DashboardScreen.runBadge($0) == "ENDED" }
    }

    func testRecorderUnitTestsPass() throws {
        let root = Checkout.root.path
        let script = "cd \(shellQuoted(root)) && exec \(shellQuoted(python)) -m unittest discover -s demos/python/tests -t demos/python"
        let result = try Subprocess.run("/bin/sh", arguments: ["-c", script], environment: PythonDemo.trainerEnvironment)

        XCTAssertEqual(result.status, 0, "the Python recorder's unit tests failed:\n\(result.output)\(result.errors)")
        XCTAssertTrue(result.errors.contains("\nOK"), "unittest did not report OK:\n\(result.errors)")
    }

    func testKilledTrainerShowsEndedWithEveryStep() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let trainer = try startNumpyDemo(in: runDirectory, log: scratch.appendingPathComponent("trainer.log"))
        try TraceFile.waitUntil("200 steps", in: runDirectory) { $0.steps.count >= 200 }

        trainer.send(SIGKILL)
        XCTAssertEqual(try trainer.waitForExit(), 128 + SIGKILL)
        let socket = runDirectory.appendingPathComponent("control.sock").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: socket), "a killed trainer should leave its socket behind")
        let trace = try TraceFile(runDirectory: runDirectory)
        let lastStep = try XCTUnwrap(trace.steps.last).step
        XCTAssertNotEqual(trace.events.last?.kind, "trainer_end", "the killed trainer still wrote trainer_end")

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)

        let screen = try session.waitUntil("ENDED at step \(lastStep)") { screen in
            DashboardScreen.runBadge(screen) == "ENDED" && DashboardScreen.runStep(screen) == lastStep
        }
        XCTAssertTrue(DashboardScreen.runStatusLine(screen)?.contains("the trainer is gone") == true, screen)
        for group in PythonDemo.numpyDemoGroups.prefix(3) {
            XCTAssertTrue(screen.contains(" \(group) "), "no row for \(group):\n\(screen)")
        }
        try session.sendKeys("f")
        try session.waitFor("its control socket refuses connections")
    }

    func testRestartedTrainerGoesLiveAgain() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let log = scratch.appendingPathComponent("trainer.log")
        let first = try startNumpyDemo(in: runDirectory, log: log, steps: "300", stepDelay: "1")
        try waitForSocket(in: runDirectory, of: first)

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        XCTAssertEqual(try first.waitForExit(), 0, first.output())
        try session.waitUntil("ENDED at step 300") { screen in
            DashboardScreen.runBadge(screen) == "ENDED" && DashboardScreen.runStep(screen) == 300
        }

        let second = try startNumpyDemo(in: runDirectory, log: log)
        let restarted = try session.waitUntil("LIVE again after the restart") { DashboardScreen.runBadge($0) == "LIVE" }
        let stepAfterRestart = try XCTUnwrap(DashboardScreen.runStep(restarted), restarted)
        try session.waitUntil("the step counter to pass \(stepAfterRestart)") { screen in
            DashboardScreen.runBadge(screen) == "LIVE" && (DashboardScreen.runStep(screen) ?? 0) > stepAfterRestart
        }

        try session.sendKeys("f")
        let trace = try TraceFile.waitUntil("a freeze event after the second header", in: runDirectory) { trace in
            trace.records(afterEvent: "freeze") != nil
        }
        let headers = trace.records.filter { if case .header = $0 { true } else { false } }
        XCTAssertEqual(headers.count, 2, "the restarted trainer should append one header")
        second.kill()
    }

    func testTwoViewersBothFreezeAndUnfreeze() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let trainer = try startNumpyDemo(in: runDirectory, log: scratch.appendingPathComponent("trainer.log"))
        try waitForSocket(in: runDirectory, of: trainer)

        let first = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        let second = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        for viewer in [first, second] {
            let screen = try waitForRunSteps(viewer, atLeast: 20)
            let step = try XCTUnwrap(DashboardScreen.runStep(screen))
            try viewer.waitUntil("the step counter to pass \(step)") { (DashboardScreen.runStep($0) ?? 0) > step }
        }

        // Each viewer's f acts on the brain state its trace shows, so the other viewer's
        // command must reach it through the trace before it presses f.
        let presses = [(first, "FROZEN"), (second, "LEARNING"), (second, "FROZEN"), (first, "LEARNING")]
        for (index, (viewer, state)) in presses.enumerated() {
            try viewer.sendKeys("f")
            for watcher in [first, second] {
                try watcher.waitUntil("\(state) after press \(index + 1)") { DashboardScreen.runShowsBrainState(state, in: $0) }
            }
        }

        let trace = try TraceFile.waitUntil("two freezes and two unfreezes", in: runDirectory) { trace in
            trace.events.filter { $0.kind == "unfreeze" }.count >= 2
        }
        let kinds = trace.events.map(\.kind).filter { $0 == "freeze" || $0 == "unfreeze" }
        XCTAssertEqual(kinds, ["freeze", "unfreeze", "freeze", "unfreeze"])
    }

    // MARK: - Helpers

    /// Starts the numpy demo outside tmux, recording into `runDirectory`.
    private func startNumpyDemo(
        in runDirectory: URL, log: URL, steps: String = manySteps, stepDelay: String = stepDelay
    ) throws -> BackgroundProcess {
        let arguments = [PythonDemo.numpyDemo, "--steps", steps, "--step-delay-ms", stepDelay, "--run-dir", runDirectory.path]
        return try startBackground(python, arguments: arguments, environment: PythonDemo.trainerEnvironment, outputPath: log.path)
    }
}
