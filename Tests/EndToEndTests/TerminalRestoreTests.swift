import Foundation
import XCTest

final class TerminalRestoreTests: EndToEndTestCase {
    func testQuitRestoresTerminal() throws {
        let (session, run) = try startRecordedDemo()
        try session.waitFor("opop-top terminal check")

        try session.sendKeys("q")

        XCTAssertEqual(try run.waitForStatus(), 0)
        try assertTerminalRestored(run)
        let screen = try session.waitFor("opop-top exited with status 0")
        XCTAssertFalse(screen.contains("terminal check"), "the alternate screen was not left:\n\(screen)")
    }

    func testBenchmarkReportsAfterRestoring() throws {
        let (session, run) = try startRecordedDemo(arguments: ["--benchmark-frames", "200"])

        XCTAssertEqual(try run.waitForStatus(), 0)
        try assertTerminalRestored(run)
        let screen = try session.waitFor("opop-top exited with status 0")
        XCTAssertTrue(screen.contains("drew 200 frames of 100x30 in "), screen)
        XCTAssertTrue(screen.contains(" µs per frame"), screen)
    }

    func testControlCRestoresTerminal() throws {
        let (session, run) = try startRecordedDemo()
        try session.waitFor("opop-top terminal check")

        try session.sendKeys("C-c")

        XCTAssertEqual(try run.waitForStatus(), 128 + SIGINT)
        try assertTerminalRestored(run)
    }

    func testQuitKeySignalRestoresTerminal() throws {
        let (session, run) = try startRecordedDemo()
        try session.waitFor("opop-top terminal check")

        try session.sendKeys("C-\\")

        XCTAssertEqual(try run.waitForStatus(), 128 + SIGQUIT)
        try assertTerminalRestored(run)
    }

    func testTerminateSignalRestoresTerminal() throws {
        try assertSignalRestoresTerminal(SIGTERM)
    }

    func testHangUpSignalRestoresTerminal() throws {
        try assertSignalRestoresTerminal(SIGHUP)
    }

    func testRepeatedSignalRestoresTerminal() throws {
        let (session, run) = try startRecordedDemo()
        let pid = try processID(on: try session.waitFor("opop-top terminal check"))

        // Two signals well within the demo's 100 ms poll, so the second finds the
        // first still pending and ends the process from the handler.
        XCTAssertEqual(Glibc.kill(pid, SIGINT), 0)
        // The process may already have exited on the first signal, and then this kill
        // fails with ESRCH; the exit status and the terminal checks below hold either way.
        _ = Glibc.kill(pid, SIGINT)

        XCTAssertEqual(try run.waitForStatus(), 128 + SIGINT)
        try assertTerminalRestored(run)
        let screen = try session.waitFor("opop-top exited with status")
        XCTAssertFalse(screen.contains("terminal check"), "the alternate screen was not left:\n\(screen)")
    }

    func testCrashRestoresTerminalAndShowsError() throws {
        let (session, run) = try startRecordedDemo(arguments: ["--crash-on-key", "!"])
        try session.waitFor("opop-top terminal check")

        try session.type("!")

        let status = try run.waitForStatus()
        XCTAssertGreaterThan(status, 128, "expected death by a signal (SIGILL or SIGTRAP)")
        try assertTerminalRestored(run)
        let screen = try session.waitFor("opop-top exited with status", history: true)
        XCTAssertTrue(screen.contains("Fatal error: deliberate crash"), "the runtime's message was lost:\n\(screen)")
        XCTAssertFalse(screen.contains("terminal check"), "the alternate screen was not left:\n\(screen)")
    }

    func testStandardErrorIsReplayedToFile() throws {
        let (session, run) = try startRecordedDemo(arguments: ["--crash-on-key", "!"], captureStandardError: true)
        try session.waitFor("opop-top terminal check")

        try session.type("!")

        _ = try run.waitForStatus()
        let errors = try run.read("stderr")
        XCTAssertTrue(errors.contains("Fatal error: deliberate crash"), errors)
    }

    func testSuspendAndResumeRedraws() throws {
        let run = try RecordedRun()
        defer { run.remove() }
        let removals = Self.isolatedVariables.map { "-u \($0)" }.joined(separator: " ")
        let assignments = standardEnvironment.map(shellQuoted).joined(separator: " ")
        let session = try startSession("env \(removals) PS1='prompt$ ' \(assignments) bash --norc --noprofile -i")
        try session.waitFor("prompt$")
        let before = shellQuoted(run.directory.appendingPathComponent("before").path)
        let after = shellQuoted(run.directory.appendingPathComponent("after").path)
        try session.type("stty -g > \(before)")
        try session.sendKeys("Enter")

        try session.type(shellQuoted(binary) + " _terminal-demo")
        try session.sendKeys("Enter")
        try session.waitFor("opop-top terminal check")

        try session.sendKeys("C-z")
        let suspended = try session.waitFor("Stopped")
        XCTAssertFalse(suspended.contains("terminal check"), "the screen was not restored on suspend:\n\(suspended)")

        try session.type("fg")
        try session.sendKeys("Enter")
        try session.waitFor("opop-top terminal check")
        try session.sendKeys("x")
        try session.waitFor("last key: 'x'")

        try session.sendKeys("q")
        try session.waitFor("prompt$")
        try session.type("echo demo-status=$?; stty -g > \(after)")
        try session.sendKeys("Enter")
        try session.waitFor("demo-status=0")
        try session.waitUntil("the second stty record") { _ in
            (try? run.read("after"))?.hasSuffix("\n") == true
        }
        XCTAssertEqual(try run.read("after"), try run.read("before"))
    }

    private func assertSignalRestoresTerminal(_ signal: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        let (session, run) = try startRecordedDemo()
        let screen = try session.waitFor("opop-top terminal check")
        let pid = try processID(on: screen)

        XCTAssertEqual(Glibc.kill(pid, signal), 0, "kill(\(pid), \(signal)) failed", file: file, line: line)

        XCTAssertEqual(try run.waitForStatus(), 128 + signal, file: file, line: line)
        try assertTerminalRestored(run, file: file, line: line)
    }
}
