import XCTest
import OpOpDashboard
import OpOpTrace
@testable import OpOpTopApp

/// Traces a replay must survive: corrupt and cut lines, steps that go back, bad
/// values, no groups or many, and files that are not traces at all.
final class ReplayBadInputTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    override func tearDown() {
        scratch.remove()
    }

    private func header(groups: [String]) -> String {
        let names = groups.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"type":"header","format":"opop-trace","version":1,"run":"odd","workload":"w","groups":["#
            + names + #"],"optimizer":"sgd","optimizer_settings":{},"brain_settings":{"seed":1.0},"start_time":1800000000}"#
    }

    private func step(_ number: Int, loss: String = "0.5", time: Double? = nil, groups: Int) -> String {
        let knobs = Array(repeating: #"{"scale":1.0,"clip":1.0,"dampen":0.0}"#, count: groups).joined(separator: ",")
        let wallTime = time ?? 1_800_000_000 + Double(number)
        return #"{"type":"step","step":\#(number),"time":\#(wallTime),"loss":\#(loss),"groups":[\#(knobs)]}"#
    }

    @discardableResult
    private func write(_ lines: [String], name: String = "trace.jsonl", finalNewline: Bool = true) -> String {
        let path = scratch.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + (finalNewline ? "\n" : "")).utf8))
        return path
    }

    private func statusLine(_ session: ReplaySession) -> String {
        session.frame(width: 80, height: 24, now: 0, options: RenderOptions(glyphs: .unicode, colour: false))
            .text.components(separatedBy: "\n")[22]
    }

    func testCorruptAndCutLinesAreCounted() throws {
        let path = write([
            header(groups: ["a"]), step(1, groups: 1), "{\"type\":\"step\",\"step\":", step(2, groups: 1),
            "not json at all", step(3, groups: 1), #"{"type":"step","step":4,"ti"#,
        ], finalNewline: false)
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        session.apply(.end, now: 0)

        XCTAssertEqual(session.position, 3)
        XCTAssertTrue(statusLine(session).contains("corrupt lines 3"), statusLine(session))
    }

    func testStepsGoingBackFollowRewindRule() throws {
        let path = write([header(groups: ["a"])] + (1...10).map { step($0, groups: 1) } + (5...8).map { step($0, loss: "0.25", groups: 1) })
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        session.apply(.end, now: 0)

        let history = session.runs[0].history
        XCTAssertEqual(history.latestStep, 8)
        XCTAssertEqual(history.latestLoss, 0.25)
        XCTAssertEqual(history.rewindCount, 1)
    }

    /// Writes steps 1–800 with loss 1, a second header, then steps 500–1100 with loss
    /// 0.25: a trainer resumed from its checkpoint at step 500.
    private func writeResumedTrace(firstPassEnd: Int = 800, resumeAt: Int = 500, secondPassEnd: Int = 1100) -> String {
        write([header(groups: ["a"])] + (1...firstPassEnd).map { step($0, loss: "1.0", groups: 1) }
            + [header(groups: ["a"])] + (resumeAt...secondPassEnd).map { step($0, loss: "0.25", groups: 1) })
    }

    private func goTo(_ step: Int, in session: ReplaySession) {
        session.apply(.character("g"), now: 0)
        for character in String(step) { session.apply(.character(character), now: 0) }
        session.apply(.enter, now: 0)
    }

    func testSeekIntoResumedRunShowsFinalPass() throws {
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([writeResumedTrace()]))

        goTo(700, in: session)
        XCTAssertEqual(session.position, 700)
        XCTAssertEqual(session.runs[0].history.latestLoss, 0.25, "step 700 of the second pass")
        XCTAssertEqual(session.runs[0].history.latestStep, 700)

        goTo(400, in: session)
        XCTAssertEqual(session.position, 400)
        XCTAssertEqual(session.runs[0].history.latestLoss, 1.0, "step 400 exists only in the first pass")

        goTo(600, in: session)
        XCTAssertEqual(session.position, 600, "reading on from 400 skips the replaced steps")
        XCTAssertEqual(session.runs[0].history.latestLoss, 0.25)
        XCTAssertEqual(session.runs[0].history.latestStep, 600)
    }

    func testSeekUsesOnlyValidCheckpoints() throws {
        // Long enough for checkpoints every 4,096 steps in both passes.
        let path = writeResumedTrace(firstPassEnd: 10_000, resumeAt: 5_000, secondPassEnd: 12_000)
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        XCTAssertGreaterThan(session.runs[0].indexer.index.snapshot.checkpoints.count, 2)

        for (target, loss) in [(7_000, 0.25), (4_000, 1.0), (11_000, 0.25), (4_999, 1.0), (5_000, 0.25)] {
            goTo(target, in: session)
            XCTAssertEqual(session.position, target)
            XCTAssertEqual(session.runs[0].history.latestLoss, loss, "step \(target)")
            XCTAssertEqual(session.runs[0].history.latestStep, target, "step \(target)")
        }
    }

    func testPlaybackAfterSeekSkipsReplacedSteps() throws {
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([writeResumedTrace()]))
        goTo(400, in: session)
        for _ in 0..<6 { session.apply(.character("]"), now: 0) }
        session.apply(.character(" "), now: 0)

        var previous = 400
        for tick in 1...40 {
            session.play(now: Double(tick))
            let position = try XCTUnwrap(session.position)
            XCTAssertGreaterThanOrEqual(position, previous, "playback never goes back")
            if position >= 500 {
                XCTAssertEqual(session.runs[0].history.latestLoss, 0.25, "step \(position)")
            }
            previous = position
        }
        XCTAssertEqual(session.position, 1100)
    }

    func testBackwardsClockPlaysWithoutWaiting() throws {
        let path = write([header(groups: ["a"]), step(1, time: 1_900_000_000, groups: 1), step(2, time: 1_800_000_000, groups: 1),
                          step(3, time: 1_800_000_000.5, groups: 1)])
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        session.apply(.character(" "), now: 0)
        session.play(now: 0.6)
        XCTAssertEqual(session.position, 3, "the backwards gap counts as 0 and the next one as 0.5 s")
    }

    func testNonFiniteLossesAreShown() throws {
        let path = write([header(groups: ["a"]), step(1, groups: 1), step(2, loss: "\"NaN\"", groups: 1), step(3, loss: "\"Infinity\"", groups: 1)])
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        session.apply(.end, now: 0)
        XCTAssertTrue(statusLine(session).contains("loss inf"), statusLine(session))
        XCTAssertTrue(statusLine(session).contains("bad 2"), statusLine(session))
    }

    func testNoGroupsAndManyGroupsRender() throws {
        for count in [0, 100] {
            let names = (0..<count).map { "group-\($0)-有名な長いパラメータ名\u{301}-\(String(repeating: "x", count: 40))" }
            let path = write([header(groups: names)] + (1...50).map { step($0, groups: count) }, name: "trace-\(count).jsonl")
            let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
            session.apply(.end, now: 0)
            let grid = session.frame(width: 80, height: 24, now: 0, options: RenderOptions())
            XCTAssertEqual(grid.lines.count, 24)
            XCTAssertTrue(statusLine(session).contains("step 50/50"), "\(count) groups: \(statusLine(session))")
            for line in grid.lines {
                XCTAssertLessThanOrEqual(displayWidthOf(line), 80, "\(count) groups: \(line)")
            }
        }
    }

    func testUnreadableFilesAreRejectedByName() throws {
        let newer = write([header(groups: ["a"]).replacingOccurrences(of: "\"version\":1", with: "\"version\":7")], name: "newer.jsonl")
        let other = write(["{\"hello\":\"world\"}", "plain text"], name: "other.jsonl")
        let empty = write([], name: "empty.jsonl", finalNewline: false)

        XCTAssertThrowsError(try ReplayInput.open(newer)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(newer), message)
            XCTAssertTrue(message.contains("version is 7"), message)
            XCTAssertTrue(message.contains("version 1"), message)
        }
        XCTAssertThrowsError(try ReplayInput.open(other)) { error in
            XCTAssertTrue("\(error)".contains(other), "\(error)")
        }
        XCTAssertThrowsError(try ReplayInput.open(empty)) { error in
            XCTAssertEqual("\(error)", "'\(empty)' is empty: there is nothing to replay; give a trace that a trainer has written")
        }
    }

    func testRunDirectoryWithOtherFileRejected() throws {
        let directory = scratch.file("copied-readme")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let trace = write(["# opop-top", "", "A dashboard for OpOp."], name: "copied-readme/trace.jsonl")
        let expected = "'\(trace)' is not a trace: its first line is not an opop-trace header; "
            + "replay the trace.jsonl a trainer wrote, or an opop text log"

        XCTAssertThrowsError(try ReplayInput.open(directory)) { error in
            XCTAssertEqual("\(error)", expected)
        }
        let blank = write(["", "  "], name: "blank.jsonl")
        XCTAssertThrowsError(try ReplayInput.open(blank)) { error in
            XCTAssertTrue("\(error)".contains("'\(blank)'"), "\(error)")
        }
    }

    func testEmptyTraceInDirectoryStillAttaches() throws {
        let directory = scratch.file("starting")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        write([], name: "starting/trace.jsonl", finalNewline: false)

        XCTAssertNoThrow(try openRun(path: directory), "a trainer may be creating the trace")
    }

    private func displayWidthOf(_ line: String) -> Int {
        line.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x300...0x36F: return width
            case 0x3000...0x9FFF, 0xFF00...0xFF60: return width + 2
            default: return width + 1
            }
        }
    }
}
