import XCTest
import OpOpTrace
@testable import OpOpDashboard

/// The run state rules and the badge they put on the status line.
final class RunStateTests: XCTestCase {
    static let start = Fixtures.startTime

    func testFreshViewerIsLive() {
        let tracker = RunStateTracker(now: Self.start)
        XCTAssertEqual(tracker.state(now: Self.start + 4, historyHasEnded: false), .live)
    }

    func testSilenceMakesStale() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.noteRecords(receivedAt: Self.start + 10)

        XCTAssertEqual(tracker.state(now: Self.start + 15, historyHasEnded: false), .live)
        XCTAssertEqual(tracker.state(now: Self.start + 140, historyHasEnded: false), .stale(seconds: 130))
    }

    func testOldTraceIsStaleAfterCatchUp() {
        var tracker = RunStateTracker(now: Self.start + 1000)
        tracker.finishCatchingUp(latestWallTime: Self.start, now: Self.start + 1000)

        XCTAssertEqual(tracker.state(now: Self.start + 1000, historyHasEnded: false), .stale(seconds: 1000))
    }

    func testAnsweredPingKeepsSlowTrainerLive() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.notePing(.alive, at: Self.start + 60)

        XCTAssertEqual(tracker.state(now: Self.start + 62, historyHasEnded: false), .live)
    }

    func testRefusedSocketEndsRun() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.notePing(.gone, at: Self.start + 1)

        XCTAssertEqual(tracker.state(now: Self.start + 2, historyHasEnded: false), .ended(detail: "the trainer is gone"))
    }

    func testNewRecordsAfterRefusalAreLive() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.notePing(.gone, at: Self.start + 1)
        tracker.noteRecords(receivedAt: Self.start + 8)

        XCTAssertEqual(tracker.state(now: Self.start + 9, historyHasEnded: false), .live)
    }

    func testUnknownPingChangesNothing() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.notePing(.unknown, at: Self.start + 30)

        XCTAssertEqual(tracker.state(now: Self.start + 30, historyHasEnded: false), .stale(seconds: 30))
    }

    func testTrainerEndEventEndsRun() {
        let tracker = RunStateTracker(now: Self.start)
        XCTAssertEqual(tracker.state(now: Self.start, historyHasEnded: true), .ended(detail: nil))
    }

    func testProcessExitWinsOverEverything() {
        var tracker = RunStateTracker(now: Self.start)
        tracker.notePing(.alive, at: Self.start)
        tracker.noteProcessExit("exit status 3")

        XCTAssertEqual(tracker.state(now: Self.start, historyHasEnded: false), .ended(detail: "exit status 3"))
    }

    // MARK: - Badges on an 80x24 screen

    private func statusLine(_ state: RunState?, glyphs: GlyphSet, corrupt: Int = 0, catchingUp: Int? = nil) -> String {
        let history = Fixtures.run(steps: 200, groups: ["w", "b"], events: false)
        let grid = renderDashboard(
            history: history, view: ViewState(), now: Fixtures.startTime + 20, width: 80, height: 24,
            options: RenderOptions(glyphs: glyphs, colour: false),
            session: SessionStatus(runState: state, catchingUpRecords: catchingUp, corruptLineCount: corrupt)
        )
        return grid.text.split(separator: "\n", omittingEmptySubsequences: false)[22].description
    }

    func testBadgesInUnicodeAndASCII() {
        let cases: [(id: String, state: RunState, expected: String)] = [
            ("live", .live, " LIVE  step 199  10.0 steps/s  20s  loss 0.7294  LEARNING   updates 0  bad 0"),
            ("stale", .stale(seconds: 130), " STALE 2m10s  step 199  10.0 steps/s  20s  loss 0.7294  LEARNING   updates 0  b"),
            // An ended run's clock stops at its last record, 19.9 s after the start.
            ("ended", .ended(detail: "exit status 0"), " ENDED  exit status 0  step 199  19s  loss 0.7294  updates 0  bad 0"),
            ("ended without detail", .ended(detail: nil), " ENDED  step 199  19s  loss 0.7294  updates 0  bad 0"),
        ]
        for testCase in cases {
            for glyphs in [GlyphSet.unicode, .ascii] {
                let line = statusLine(testCase.state, glyphs: glyphs)
                XCTAssertTrue(line.hasPrefix(testCase.expected), "\(testCase.id), ascii \(glyphs.isASCII): \(line)")
            }
        }
    }

    func testCorruptLinesShown() {
        let line = statusLine(.live, glyphs: .ascii, corrupt: 3)
        XCTAssertTrue(line.contains("corrupt lines 3"), line)
        XCTAssertFalse(statusLine(.live, glyphs: .ascii).contains("corrupt"))
    }

    func testCatchingUpShowsRecordCount() {
        let line = statusLine(.live, glyphs: .ascii, catchingUp: 12_345)
        XCTAssertTrue(line.contains("reading the trace: 12.3k records"), line)
    }

    func testOutputPanelFitsAt80x24() {
        let history = Fixtures.run(steps: 200, groups: ["w", "b"], events: false)
        let lines = (1...10).map { "output line \($0)" }
        for glyphs in [GlyphSet.unicode, .ascii] {
            let grid = renderDashboard(
                history: history, view: ViewState(), now: Fixtures.startTime + 20, width: 80, height: 24,
                options: RenderOptions(glyphs: glyphs, colour: false),
                session: SessionStatus(runState: .live, outputLines: lines)
            )
            let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            XCTAssertTrue(rows[17].contains("Output output.log"), rows[17])
            XCTAssertEqual(rows[18...20].map { String($0.dropFirst().prefix(14)) }, ["output line 8 ", "output line 9 ", "output line 10"])
            XCTAssertTrue(rows[23].contains("o Output"), rows[23])
        }
    }

    func testOutputPanelHiddenByKey() {
        var view = ViewState()
        _ = handle(.character("o"), view: &view, history: RunHistory())
        let grid = renderDashboard(
            history: RunHistory(), view: view, now: Fixtures.startTime, width: 80, height: 24,
            session: SessionStatus(runState: .live, outputLines: ["x"])
        )
        XCTAssertFalse(grid.text.contains("output.log"))
    }

    func testQuitAsksWhileTrainerRuns() {
        var view = ViewState()
        view.asksBeforeQuit = true

        XCTAssertNil(handle(.character("q"), view: &view, history: RunHistory()))
        XCTAssertEqual(view.overlay, .confirmQuit)
        let grid = renderDashboard(history: RunHistory(), view: view, now: Fixtures.startTime, width: 80, height: 24)
        XCTAssertTrue(grid.text.contains("Stop the trainer? (y stop it, n leave it running, Esc cancel)"), grid.text)

        XCTAssertEqual(handle(.character("y"), view: &view, history: RunHistory()), .quitStoppingTrainer)
        view.overlay = .confirmQuit
        XCTAssertEqual(handle(.character("n"), view: &view, history: RunHistory()), .quitLeavingTrainer)
        view.overlay = .confirmQuit
        XCTAssertNil(handle(.escape, view: &view, history: RunHistory()))
        XCTAssertEqual(view.overlay, .none)
    }
}
