import Foundation
import XCTest

/// How `opop-top run` starts and ends: quitting the dashboard, a run that finishes, the
/// default command, the plain mode without a terminal, and a usage error.
final class RunCommandTests: EndToEndTestCase {
    func testQuitRestoresTerminalAndPrintsRunDirectory() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let (session, run) = try startRecordedProgram(["run", "--steps", "10000000", "--run-dir", runDirectory.path])
        try session.waitUntil("step 20 on the status line", timeout: 30) { (DashboardScreen.step($0) ?? 0) >= 20 }

        try session.sendKeys("q")

        XCTAssertEqual(try run.waitForStatus(), 0)
        try assertTerminalRestored(run)
        let screen = try session.waitFor("opop-top exited with status 0")
        XCTAssertTrue(screen.contains("training stopped at step "), screen)
        XCTAssertTrue(screen.contains("run directory: \(runDirectory.path)\n"), screen)
        XCTAssertFalse(screen.contains("Groups"), "the alternate screen was not left:\n\(screen)")
        let trace = try TraceFile(runDirectory: runDirectory)
        XCTAssertEqual(trace.events.last?.kind, "trainer_end")
        XCTAssertEqual(trace.events.last?.step, trace.steps.last?.step)
    }

    func testFinishedRunStaysUntilQuit() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let (session, run) = try startRecordedProgram(["run", "--steps", "300", "--run-dir", runDirectory.path])

        let screen = try session.waitFor("training finished after 300 steps", timeout: 30)
        XCTAssertTrue(DashboardScreen.statusLine(screen)?.hasPrefix("step 300  ended  ") == true, screen)
        XCTAssertNil(try? run.read("status"), "opop-top exited before q")
        try session.sendKeys("q")

        XCTAssertEqual(try run.waitForStatus(), 0)
        try assertTerminalRestored(run)
        let output = try session.waitFor("opop-top exited with status 0")
        XCTAssertTrue(output.contains("training finished after 300 steps\nrun directory: \(runDirectory.path)\n"), output)
    }

    func testBareCommandWritesToRunsDirectory() throws {
        let workingDirectory = try makeScratchDirectory()
        let (session, run) = try startRecordedProgram([], workingDirectory: workingDirectory)

        let screen = try session.waitUntil("step 20 on the status line", timeout: 30) { (DashboardScreen.step($0) ?? 0) >= 20 }
        XCTAssertTrue(DashboardScreen.showsGroupRows(screen), screen)
        try session.sendKeys("q")

        XCTAssertEqual(try run.waitForStatus(), 0)
        let runs = workingDirectory.appendingPathComponent("runs")
        let names = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        XCTAssertEqual(names.count, 1, "\(names)")
        let name = try XCTUnwrap(names.first)
        XCTAssertNotNil(name.range(of: #"^\d{8}-\d{6}-digits$"#, options: .regularExpression), name)
        let trace = try TraceFile(runDirectory: runs.appendingPathComponent(name))
        guard case .header(let groups) = trace.records.first else {
            return XCTFail("the trace does not start with a header: \(String(describing: trace.records.first))")
        }
        XCTAssertEqual(groups, DashboardScreen.digitsGroups)
    }

    func testPlainWithoutTerminalPrintsProgress() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")

        let result = try Subprocess.run(
            binary,
            arguments: ["run", "--plain", "--steps", "300", "--run-dir", runDirectory.path],
            environment: ProcessInfo.processInfo.environment
        )

        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertEqual(result.errors, "")
        let lines = result.output.split(separator: "\n")
        let progress = lines.filter { $0.hasPrefix("step ") }
        XCTAssertFalse(progress.isEmpty, result.output)
        XCTAssertTrue(progress.last?.hasPrefix("step 300/300  ") == true, result.output)
        XCTAssertTrue(progress.allSatisfy { $0.contains(" steps/s  loss ") }, result.output)
        XCTAssertTrue(lines.contains("[event] training finished after 300 steps"), result.output)
        XCTAssertEqual(lines.last.map(String.init), "run directory: \(runDirectory.path)")

        let trace = try TraceFile(runDirectory: runDirectory)
        XCTAssertEqual(trace.steps.map(\.step), Array(1...300))
        XCTAssertEqual(trace.events.last?.kind, "trainer_end")
    }

    func testUnknownWorkloadExitsWithTwo() throws {
        let result = try Subprocess.run(binary, arguments: ["run", "bogus"], environment: ProcessInfo.processInfo.environment)

        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.hasPrefix("opop-top: unknown workload 'bogus'"), result.errors)
        XCTAssertEqual(result.errors.filter { $0 == "\n" }.count, 1, result.errors)
        XCTAssertEqual(result.output, "")
    }
}
