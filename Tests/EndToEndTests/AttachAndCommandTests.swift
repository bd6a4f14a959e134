import Foundation
import XCTest

/// Drives `opop-top attach` and `opop-top run -- COMMAND` through tmux: the run state
/// badge, the output panel, the quit question and control keys.
final class AttachAndCommandTests: EndToEndTestCase {
    func testAttachToDeadRunShowsEnded() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        try writeFinishedRun(at: runDirectory, steps: 30)

        // Drop the trainer_end event and leave a socket that no process serves, as a killed trainer does.
        let trace = try String(contentsOf: TraceFile.path(in: runDirectory), encoding: .utf8)
        let cut = trace.split(separator: "\n").filter { !$0.contains("\"trainer_end\"") }.joined(separator: "\n") + "\n"
        try cut.write(to: TraceFile.path(in: runDirectory), atomically: true, encoding: .utf8)
        try leaveDeadSocket(at: runDirectory.appendingPathComponent("control.sock").path)

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        let screen = try session.waitFor("ENDED")

        XCTAssertTrue(screen.contains(" ENDED  the trainer is gone  step 30 "), screen)
        try session.sendKeys("s")
        try session.waitFor("the trainer is gone: its control socket refuses connections")
    }

    func testAttachToFinishedRunSaysEnded() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        try writeFinishedRun(at: runDirectory, steps: 20)

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        try session.waitFor(" ENDED ")
        try session.sendKeys("f")
        try session.waitFor("the run has ended: there is no trainer to freeze")
    }

    func testCommandOutputShowsInPanel() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let (session, recorded) = try startRecordedProgram(
            ["--run-dir", runDirectory.path, "--", "sh", "-c", "echo hello-from-trainer; echo to-stderr >&2; sleep 60"]
        )

        let screen = try session.waitFor("to-stderr")
        XCTAssertTrue(screen.contains("hello-from-trainer"), screen)
        XCTAssertTrue(screen.contains(" LIVE "), screen)
        let log = try String(contentsOf: runDirectory.appendingPathComponent("output.log"), encoding: .utf8)
        XCTAssertEqual(log, "hello-from-trainer\nto-stderr\n")

        try session.sendKeys("q")
        try session.waitFor("Stop the trainer?")
        try session.sendKeys("n")
        XCTAssertEqual(try recorded.waitForStatus(), 0)

        let output = try session.waitFor("run directory:")
        let afterLabel = try XCTUnwrap(output.components(separatedBy: "trainer left running: process ").dropFirst().first, output)
        let pid = try XCTUnwrap(pid_t(String(afterLabel.prefix { $0.isNumber })), output)
        XCTAssertEqual(kill(pid, 0), 0, "the trainer left running is gone: \(output)")
        kill(-pid, SIGKILL)
        XCTAssertTrue(output.contains("run directory: "), output)
    }

    func testQuitStopsTrainerWithSIGINT() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let (session, recorded) = try startRecordedProgram(
            ["--run-dir", runDirectory.path, "--", "sh", "-c", "echo started; sleep 60"]
        )
        try session.waitFor("started")

        try session.sendKeys("q")
        try session.waitFor("Stop the trainer?")
        try session.sendKeys("y")

        XCTAssertEqual(try recorded.waitForStatus(), 128 + SIGINT)
        try session.waitFor("trainer ended: stopped after SIGINT")
    }

    func testCommandExitShowsStatusAndQuitsAtOnce() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        let (session, recorded) = try startRecordedProgram(
            ["--run-dir", runDirectory.path, "--", "sh", "-c", "echo bye; exit 4"]
        )
        try session.waitFor("ENDED  exit status 4")

        try session.sendKeys("q")
        XCTAssertEqual(try recorded.waitForStatus(), 4)
    }

    func testMissingCommandFailsBeforeScreen() throws {
        let (_, recorded) = try startRecordedProgram(["--", "no-such-trainer-xyz"], captureStandardError: true)

        XCTAssertEqual(try recorded.waitForStatus(), 1)
        XCTAssertEqual(
            try recorded.read("stderr"),
            "opop-top: command 'no-such-trainer-xyz' not found in PATH; check its spelling, or give its path such as ./no-such-trainer-xyz\n"
        )
    }

    func testAttachKeysReachTrainer() throws {
        let runDirectory = try makeScratchDirectory().appendingPathComponent("run")
        _ = try startSession(programCommand(["run", "--plain", "--steps", "10000000", "--run-dir", runDirectory.path]))
        let socket = runDirectory.appendingPathComponent("control.sock").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        try XCTSkipUnless(FileManager.default.fileExists(atPath: socket), "opop-top run serves no control socket in this build")

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        try session.waitFor(" LIVE ")
        try session.sendKeys("f")
        try session.waitFor("FROZEN")
        try session.sendKeys("s")
        try TraceFile.waitUntil("a snapshot event", in: runDirectory) { $0.records(afterEvent: "snapshot") != nil }
        try session.sendKeys("r")
        try TraceFile.waitUntil("a reset event", in: runDirectory) { $0.records(afterEvent: "reset") != nil }

        let snapshots = try FileManager.default.contentsOfDirectory(atPath: runDirectory.appendingPathComponent("snapshots").path)
        XCTAssertFalse(snapshots.filter { $0.hasSuffix(".npz") }.isEmpty, "no snapshot file in \(snapshots)")
    }

    // MARK: - Helpers

    private func writeFinishedRun(at runDirectory: URL, steps: Int) throws {
        let (_, recorded) = try startRecordedProgram(
            ["run", "--plain", "--steps", "\(steps)", "--run-dir", runDirectory.path], redirectStandardOutput: true
        )
        XCTAssertEqual(try recorded.waitForStatus(timeout: 60), 0)
    }

    /// Binds a Unix socket at `path` and closes it without removing the file, as a
    /// trainer that was killed leaves it.
    private func leaveDeadSocket(at path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(descriptor)
        guard bound == 0 else { throw HarnessError("cannot bind a socket at '\(path)': errno \(errno)") }
    }
}
