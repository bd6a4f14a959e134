import Foundation
import XCTest

/// Drives `opop-top run --race` through tmux at 80x24: the race view, a key that acts
/// on the brain run, and the two traces the race leaves behind.
final class RaceTests: EndToEndTestCase {
    /// More steps than the tests wait for, so the race is still running when they quit.
    private static let steps = "10000000"

    func testRaceShowsBothRunsAndWritesMatchingTraces() throws {
        let raceDirectory = try makeScratchDirectory().appendingPathComponent("race")
        let (session, run) = try startRecordedProgram(
            ["run", "--race", "--steps", Self.steps, "--run-dir", raceDirectory.path], width: 80, height: 24
        )

        let screen = try session.waitUntil("step 200 on the status line", timeout: 60) { (DashboardScreen.step($0) ?? 0) >= 200 }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines.contains { $0.hasPrefix("┌ Loss EMA  ⣿ brain  + bare  # both ") }, screen)
        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("┌ Ratio brain/bare ") }, screen)
        XCTAssertTrue(ratioTop.contains("below 1: brain ahead"), screen)
        XCTAssertNotNil(ratioTop.range(of: #" \d+(\.\d+)? (brain ahead|bare ahead|even) ┐$"#, options: .regularExpression), "no ratio in \(ratioTop)")
        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)
        let status = try XCTUnwrap(DashboardScreen.statusLine(screen), screen)
        XCTAssertTrue(status.contains("  brain "), "the status line lacks the brain run's loss: \(status)")
        XCTAssertTrue(status.contains("  bare "), "the status line lacks the bare run's loss: \(status)")

        try session.sendKeys("f")
        try session.waitUntil("FROZEN on the status line") { DashboardScreen.statusLine($0)?.contains(" FROZEN ") == true }
        try session.sendKeys("q")

        XCTAssertEqual(try run.waitForStatus(timeout: 30), 0)
        try assertTerminalRestored(run)
        let output = try session.waitFor("opop-top exited with status 0")
        let brainPath = raceDirectory.appendingPathComponent("brain").path
        let barePath = raceDirectory.appendingPathComponent("bare").path
        // The 80-column pane wraps the long line, so the lines are joined first.
        let unwrapped = output.replacingOccurrences(of: "\n", with: "")
        // The command names the program as it was started, so it runs when pasted.
        XCTAssertTrue(unwrapped.contains("compare them: \(binary) replay \(brainPath) \(barePath)"), output)

        let brain = try TraceFile(runDirectory: raceDirectory.appendingPathComponent("brain"))
        let bare = try TraceFile(runDirectory: raceDirectory.appendingPathComponent("bare"))
        XCTAssertGreaterThanOrEqual(brain.steps.count, 200)
        XCTAssertEqual(brain.steps.count, bare.steps.count, "the runs stopped at different steps")
        XCTAssertEqual(brain.steps.last?.step, bare.steps.last?.step)
        let firstLoss = try XCTUnwrap(brain.steps.first?.loss)
        XCTAssertEqual(firstLoss, bare.steps.first?.loss, "the runs did not start from the same weights and minibatch")
        XCTAssertEqual(brain.events.filter { $0.kind == "freeze" }.count, 1, "f did not freeze the brain run")
        XCTAssertEqual(bare.events.map(\.kind), ["trainer_start", "trainer_end"], "the bare run got a command")
    }

    func testRaceInCLocaleWithoutColourIsPlainASCII() throws {
        let raceDirectory = try makeScratchDirectory().appendingPathComponent("race")
        let session = try startProgram(
            ["run", "--race", "--steps", Self.steps, "--run-dir", raceDirectory.path],
            environment: ["LC_ALL=C", "TERM=screen-256color", "NO_COLOR=1"], width: 80, height: 24
        )

        let screen = try session.waitUntil("step 100 on the status line", timeout: 60) { (DashboardScreen.step($0) ?? 0) >= 100 }

        XCTAssertTrue(screen.utf8.allSatisfy { $0 < 0x80 }, screen)
        XCTAssertTrue(screen.contains("+ Loss EMA  * brain  + bare  # both "), screen)
        XCTAssertTrue(screen.contains("+ Ratio brain/bare of loss EMAs, below 1: brain ahead "), screen)
        XCTAssertFalse(DashboardScreen.containsColour(try session.capture(escapes: true)), "colour despite NO_COLOR")
        try session.sendKeys("q")
        // `waitForExit` can miss the status under tmux 3.3a, so the exit lines are read instead.
        try session.waitFor("race: training stopped at step ", timeout: 30, history: true)
    }

    func testPlainRacePrintsBothLossesAndRatio() throws {
        let raceDirectory = try makeScratchDirectory().appendingPathComponent("race")

        let result = try Subprocess.run(
            binary,
            arguments: ["run", "--race", "--plain", "--steps", "300", "--run-dir", raceDirectory.path],
            environment: ProcessInfo.processInfo.environment
        )

        XCTAssertEqual(result.status, 0, result.errors)
        let progress = result.output.split(separator: "\n").filter { $0.hasPrefix("step ") }
        XCTAssertTrue(progress.last?.hasPrefix("step 300/300  ") == true, result.output)
        XCTAssertTrue(progress.allSatisfy { $0.contains("  loss brain ") }, result.output)
        XCTAssertTrue(progress.allSatisfy { $0.contains(" bare ") }, result.output)
        XCTAssertTrue(progress.allSatisfy { $0.contains("  ratio ") }, result.output)
        XCTAssertTrue(result.output.contains("[brain event] training finished after 300 steps\n"), result.output)
        XCTAssertTrue(result.output.contains("[bare event] training finished after 300 steps\n"), result.output)
        let brain = try TraceFile(runDirectory: raceDirectory.appendingPathComponent("brain"))
        let bare = try TraceFile(runDirectory: raceDirectory.appendingPathComponent("bare"))
        XCTAssertEqual(brain.steps.map(\.step), Array(1...300))
        XCTAssertEqual(bare.steps.map(\.step), Array(1...300))
    }
}
