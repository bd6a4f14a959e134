import Foundation
import XCTest

/// Attaches to `demos/swift-recorder`, a separate SwiftPM package that records its own
/// training loop with `RunRecorder`, as a user's Swift trainer would.
///
/// The first test builds the demo with the `swift` found in PATH, into the demo's own
/// `.build` folder. A build from scratch compiles the opop-top libraries again, which
/// took 14 s once on a 2-core virtual machine. Later builds only check that it is current.
final class SwiftRecorderDemoTests: EndToEndTestCase {
    private static let manySteps = "10000000"

    private var recorder = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        recorder = try SwiftRecorderBuild.executable()
    }

    func testAttachKeysReachTrainer() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let trainer = try startRecorder(in: runDirectory, log: scratch.appendingPathComponent("trainer.log"))
        try waitForSocket(in: runDirectory, of: trainer)
        let groups = try headerGroups(in: runDirectory)
        let python = try PythonDemo.interpreter(importing: ["numpy"])

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        try waitForRunSteps(session, atLeast: 20)

        try freezeResetAndSnapshot(
            session, runDirectory: runDirectory, groups: groups, resetGroup: 1, python: python, snapshotStepArray: "step"
        )

        trainer.send(SIGINT)
        XCTAssertEqual(try trainer.waitForExit(), 0, trainer.output())
        XCTAssertTrue(trainer.output().contains("training stopped at step "), trainer.output())
        try session.waitUntil("ENDED after the trainer stopped") { DashboardScreen.runBadge($0) == "ENDED" }
    }

    func testAppendedRestartGoesLiveAgain() throws {
        let scratch = try makeScratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let log = scratch.appendingPathComponent("trainer.log")
        let first = try startRecorder(in: runDirectory, log: log, steps: "200", stepDelay: "2")
        try waitForSocket(in: runDirectory, of: first)

        let session = try startProgram(["attach", runDirectory.path], width: 80, height: 24)
        XCTAssertEqual(try first.waitForExit(), 0, first.output())
        try session.waitUntil("ENDED at step 200") { screen in
            DashboardScreen.runBadge(screen) == "ENDED" && DashboardScreen.runStep(screen) == 200
        }

        _ = try startRecorder(in: runDirectory, log: log, appending: true)
        let restarted = try session.waitUntil("LIVE again after the restart") { DashboardScreen.runBadge($0) == "LIVE" }
        let stepAfterRestart = try XCTUnwrap(DashboardScreen.runStep(restarted), restarted)
        try session.waitUntil("the step counter to pass \(stepAfterRestart)") { screen in
            DashboardScreen.runBadge(screen) == "LIVE" && (DashboardScreen.runStep(screen) ?? 0) > stepAfterRestart
        }

        let trace = try TraceFile(runDirectory: runDirectory)
        let headers = trace.records.filter { if case .header = $0 { true } else { false } }
        XCTAssertEqual(headers.count, 2, "the restarted trainer should append one header")
        let starts = trace.events.filter { $0.kind == "trainer_start" }
        XCTAssertEqual(starts.count, 2)
        XCTAssertTrue(starts.last?.message.hasSuffix("appended to the existing trace") == true, "\(starts.map(\.message))")
    }

    // MARK: - Helpers

    /// Starts the demo outside tmux, recording into `runDirectory`.
    private func startRecorder(
        in runDirectory: URL, log: URL, steps: String = manySteps, stepDelay: String = "5", appending: Bool = false
    ) throws -> BackgroundProcess {
        var arguments = ["--steps", steps, "--step-delay-ms", stepDelay, "--run-dir", runDirectory.path]
        if appending {
            arguments.append("--append")
        }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OPOP_RUN_DIR")
        return try startBackground(recorder, arguments: arguments, environment: environment, outputPath: log.path)
    }

    /// Returns the groups of the first header in the trace of `runDirectory`.
    private func headerGroups(in runDirectory: URL) throws -> [String] {
        let trace = try TraceFile.waitUntil("a header", in: runDirectory) { !$0.records.isEmpty }
        guard case .header(let groups) = trace.records[0] else {
            throw HarnessError("the first record of the trace in \(runDirectory.path) is not a header")
        }
        return groups
    }
}

/// Builds `demos/swift-recorder` once per test process and finds its executable.
enum SwiftRecorderBuild {
    /// Returns the path of the built `swift-recorder`.
    ///
    /// - Throws: `XCTSkip` when no `swift` is in PATH, and `HarnessError` with the build
    ///   output when the build fails.
    static func executable() throws -> String {
        switch outcome {
        case .built(let path): return path
        case .skipped(let message): throw XCTSkip(message)
        case .failed(let message): throw HarnessError(message)
        }
    }

    private enum Outcome {
        case built(String)
        case skipped(String)
        case failed(String)
    }

    private static let outcome: Outcome = {
        let environment = ProcessInfo.processInfo.environment
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let swift = directories.map({ "\($0)/swift" }).first(where: FileManager.default.isExecutableFile) else {
            return .skipped("swift is not in PATH, so demos/swift-recorder cannot be built; add the toolchain's usr/bin to PATH")
        }
        let package = Checkout.root.appendingPathComponent("demos/swift-recorder").path

        do {
            let build = try Subprocess.run(
                swift, arguments: ["build", "--package-path", package, "--product", "swift-recorder"], environment: environment
            )
            guard build.status == 0 else {
                return .failed("swift build of \(package) failed with status \(build.status):\n\(build.output)\(build.errors)")
            }
            let binPath = try Subprocess.run(swift, arguments: ["build", "--package-path", package, "--show-bin-path"], environment: environment)
            let executable = binPath.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/swift-recorder"
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                return .failed("the build of \(package) succeeded, but \(executable) is not an executable file")
            }
            return .built(executable)
        } catch {
            return .failed("could not run \(swift): \(error)")
        }
    }()
}
