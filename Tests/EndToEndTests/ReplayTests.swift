import Foundation
import XCTest

/// Drives `opop-top replay` through tmux on the recorded fixture runs, and runs its
/// screenless modes through the real binary.
final class ReplayTests: EndToEndTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let smallRun = fixtures.appendingPathComponent("small-run").path
    static let smallRunNoBrain = fixtures.appendingPathComponent("small-run-no-brain").path
    static let golden = fixtures.deletingLastPathComponent().appendingPathComponent("OpOpExportTests/Golden")

    func testSeekToEventShowsStepAndMarker() throws {
        // The recorded run reports the exit status; tmux's own can stay empty for seconds.
        let (session, recorded) = try startRecordedProgram(["replay", Self.smallRun], width: 80, height: 24)
        try session.waitFor("step 1/480")

        try session.sendKeys("g")
        try session.type("140")
        try session.waitFor("go to step: 140_")
        try session.sendKeys("Enter")
        let frozen = try session.waitFor("step 140/480")
        XCTAssertTrue(frozen.contains(" FROZEN "), frozen)

        try session.sendKeys("n")
        let screen = try session.waitFor("step 146/480")
        let rows = screen.split(separator: "\n")
        XCTAssertTrue(rows[2].contains("U"), "the unfreeze marker is on the loss chart:\n\(screen)")
        XCTAssertTrue(rows[11].hasSuffix("U│"), "the unfreeze marker ends the reward chart:\n\(screen)")
        XCTAssertTrue(screen.contains(" LEARNING "), screen)

        try session.sendKeys("f")
        try session.waitFor("replay is read-only")
        try session.sendKeys("q")
        XCTAssertEqual(try recorded.waitForStatus(), 0)
    }

    func testPlaybackReachesEnd() throws {
        let session = try startProgram(["replay", Self.smallRun], width: 80, height: 24)
        try session.waitFor(" PAUSED  1x  step 1/480")
        try session.sendKeys("]", "]", "Space")
        try session.waitFor(" PAUSED  4x  step 480/480", timeout: 20)
    }

    func testOverlayShowsLegendInASCII() throws {
        let session = try startProgram(
            ["replay", Self.smallRun, Self.smallRunNoBrain],
            environment: ["LC_ALL=C", "TERM=screen-256color", "SWIFT_BACKTRACE=enable=no"], width: 80, height: 24
        )
        try session.waitFor("* [small-run] | + small-run-no-brain")
        try session.sendKeys("Tab")
        try session.waitFor("* small-run | + [small-run-no-brain]")
    }

    func testSummaryMatchesGoldenFile() throws {
        let result = try Subprocess.run(binary, arguments: ["replay", "--summary", Self.smallRun, Self.smallRunNoBrain],
                                        environment: ["LC_ALL": "C.UTF-8"])
        XCTAssertEqual(result.status, 0, result.errors)
        let expected = try String(contentsOf: Self.golden.appendingPathComponent("summary.txt"), encoding: .utf8)
        XCTAssertEqual(result.output, expected)
    }

    func testExportsMatchGoldenFiles() throws {
        let scratch = try makeScratchDirectory()
        let cases = [("svg", "overlay.svg", [Self.smallRun, Self.smallRunNoBrain]),
                     ("csv", "small-run.csv", [Self.smallRun]),
                     ("csv", "both-runs.csv", [Self.smallRun, Self.smallRunNoBrain])]
        for (format, golden, runs) in cases {
            let output = scratch.appendingPathComponent(golden).path
            let result = try Subprocess.run(binary, arguments: ["replay", "--export", format, output] + runs, environment: [:])
            XCTAssertEqual(result.status, 0, result.errors)
            let expected = try String(contentsOf: Self.golden.appendingPathComponent(golden), encoding: .utf8)
            XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), expected, golden)
        }
    }

    func testScreenlessErrorsNameFileAndFix() throws {
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["replay", Self.smallRun, "--export", "png", "x.png"], 2,
             "opop-top: unknown export format 'png' for --export; choose svg or csv\n"),
            (["replay", Self.smallRun, "--export", "svg", "/nonexistent-folder/x.svg"], 1,
             "opop-top: cannot create '/nonexistent-folder/x.svg': No such file or directory; check that its folder exists and is writable\n"),
        ]
        for testCase in cases {
            let result = try Subprocess.run(binary, arguments: testCase.arguments, environment: [:])
            XCTAssertEqual(result.status, testCase.status, testCase.arguments.joined(separator: " "))
            XCTAssertEqual(result.errors, testCase.message)
        }
    }
}
