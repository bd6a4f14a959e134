import Foundation
import XCTest

/// The base of the tmux-driven tests: finds the binary and kills every session and
/// scratch directory a test made, even when the test fails.
class EndToEndTestCase: XCTestCase {
    private(set) var binary = ""
    private var sessions: [TmuxSession] = []
    private var runs: [RecordedRun] = []
    private var backgroundProcesses: [BackgroundProcess] = []

    /// The environment every demo run gets unless a test overrides it: a UTF-8 locale
    /// and a terminal type that ncurses-base always ships.
    let standardEnvironment = ["LC_ALL=C.UTF-8", "TERM=screen-256color", "SWIFT_BACKTRACE=enable=no"]

    /// Variables removed before a test's own assignments apply, because the test
    /// runner's environment reaches the tmux server (`swift test` sets NO_COLOR, for
    /// example).
    static let isolatedVariables = ["NO_COLOR", "LC_ALL", "LC_CTYPE", "LANG", "TERM"]

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed (Debian package tmux)")
        binary = try BuiltBinary.path()
    }

    override func tearDown() {
        backgroundProcesses.forEach { $0.kill() }
        backgroundProcesses = []
        sessions.forEach { $0.kill() }
        runs.forEach { $0.remove() }
        sessions = []
        runs = []
        super.tearDown()
    }

    /// Starts `command` in a new tmux session that `tearDown` kills.
    func startSession(_ command: String, width: Int = 100, height: Int = 30) throws -> TmuxSession {
        let session = try TmuxSession(command: command, width: width, height: height)
        sessions.append(session)
        return session
    }

    /// Starts the terminal demo directly (no shell around it) with `environment`.
    func startDemo(environment: [String]? = nil, arguments: [String] = [], width: Int = 100, height: Int = 30) throws -> TmuxSession {
        try startProgram(["_terminal-demo"] + arguments, environment: environment, width: width, height: height)
    }

    /// Starts opop-top with `arguments` and `environment`, without the recording script.
    func startProgram(_ arguments: [String], environment: [String]? = nil, width: Int = 100, height: Int = 30) throws -> TmuxSession {
        try startSession(programCommand(arguments, environment: environment), width: width, height: height)
    }

    /// Builds the shell command that runs opop-top with `arguments`, where of the
    /// `isolatedVariables` only those that `environment` sets are present.
    func programCommand(_ arguments: [String], environment: [String]? = nil) -> String {
        let removals = Self.isolatedVariables.map { "-u \($0)" }.joined(separator: " ")
        let assignments = (environment ?? standardEnvironment).map(shellQuoted).joined(separator: " ")
        return "env \(removals) \(assignments) \(shellQuoted(binary)) " + arguments.map(shellQuoted).joined(separator: " ")
    }

    /// Starts `path` outside tmux with `arguments`, its output appended to `outputPath`;
    /// `tearDown` kills it if it still runs.
    func startBackground(_ path: String, arguments: [String], environment: [String: String], outputPath: String) throws -> BackgroundProcess {
        let process = try BackgroundProcess(path, arguments: arguments, environment: environment, outputPath: outputPath)
        backgroundProcesses.append(process)
        return process
    }

    /// Makes an empty directory that `tearDown` removes.
    func makeScratchDirectory() throws -> URL {
        let run = try RecordedRun()
        runs.append(run)
        return run.directory
    }

    /// Starts the demo inside a shell script that records `stty -g` around it.
    func startRecordedDemo(
        environment: [String]? = nil,
        unsetting: [String] = [],
        arguments: [String] = [],
        captureStandardError: Bool = false,
        redirectStandardOutput: Bool = false
    ) throws -> (TmuxSession, RecordedRun) {
        try startRecordedProgram(
            ["_terminal-demo"] + arguments,
            environment: environment,
            unsetting: unsetting,
            captureStandardError: captureStandardError,
            redirectStandardOutput: redirectStandardOutput
        )
    }

    /// Starts opop-top with `arguments` inside a shell script that records `stty -g`
    /// and the exit status around it and keeps the pane open after it exits.
    func startRecordedProgram(
        _ arguments: [String],
        environment: [String]? = nil,
        unsetting: [String] = [],
        captureStandardError: Bool = false,
        redirectStandardOutput: Bool = false,
        workingDirectory: URL? = nil,
        width: Int = 100,
        height: Int = 30
    ) throws -> (TmuxSession, RecordedRun) {
        let run = try RecordedRun()
        runs.append(run)
        let script = run.script(
            binary: binary,
            arguments: arguments,
            environment: environment ?? standardEnvironment,
            unsetting: Self.isolatedVariables + unsetting,
            captureStandardError: captureStandardError,
            redirectStandardOutput: redirectStandardOutput,
            workingDirectory: workingDirectory
        )
        return (try startSession(script, width: width, height: height), run)
    }

    /// Reads the demo's process id from its title line.
    func processID(on screen: String) throws -> pid_t {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("terminal check") }),
              let field = line.split(separator: " ").last,
              let pid = pid_t(field)
        else {
            throw HarnessError("no process id on the demo's title line; the screen was:\n\(screen)")
        }
        return pid
    }

    /// Checks that the terminal modes after the run equal those before it.
    func assertTerminalRestored(_ run: RecordedRun, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try run.read("before")
        let after = try run.read("after")
        XCTAssertFalse(before.isEmpty, "stty -g recorded nothing before the run", file: file, line: line)
        XCTAssertEqual(after, before, "terminal modes differ after the run", file: file, line: line)
    }
}
