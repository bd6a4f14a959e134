import XCTest
@testable import OpOpDashboard

/// The replay's keys: playback, seeking, the go-to prompt and read-only keys.
final class ReplayKeyTests: XCTestCase {
    private let position = ReplayPosition(step: 1_000, firstStep: 1, lastStep: 8_001)
    private let history = Fixtures.run(steps: 20, groups: ["a", "b", "c"])

    private func press(_ keys: [Key], view: inout ViewState, prompt: inout String?) -> [ReplayCommand?] {
        keys.map { handleReplayKey($0, view: &view, prompt: &prompt, position: position, history: history) }
    }

    func testPlaybackKeys() {
        var view = ViewState()
        var prompt: String?
        let commands = press([.character(" "), .character("]"), .character("["), .home, .end, .character("e"),
                              .character("n"), .character("N"), .tab, .character("v")], view: &view, prompt: &prompt)
        XCTAssertEqual(commands, [.togglePlaying, .faster, .slower, .seekToStart, .seekToEnd, .seekToEnd,
                                  .nextEvent, .previousEvent, .showNextRun, .showNextRun])
    }

    func testArrowsStepOneWindow() {
        var view = ViewState()
        var prompt: String?
        view.timeWindowIndex = TimeWindow.choices.firstIndex(of: .last(500))!
        XCTAssertEqual(press([.right, .left], view: &view, prompt: &prompt), [.seek(to: 1_500), .seek(to: 500)])

        view.timeWindowIndex = TimeWindow.defaultIndex
        XCTAssertEqual(press([.right], view: &view, prompt: &prompt), [.seek(to: 2_000)], "an eighth of 8001 steps")
    }

    func testGoToPromptSeeks() {
        var view = ViewState()
        var prompt: String?
        let commands = press([.character("g"), .character("1"), .character("2"), .character("9"), .backspace,
                              .character("0")], view: &view, prompt: &prompt)
        XCTAssertEqual(commands, [nil, nil, nil, nil, nil, nil])
        XCTAssertEqual(prompt, "120")
        XCTAssertEqual(press([.enter], view: &view, prompt: &prompt), [.seek(to: 120)])
        XCTAssertNil(prompt)
    }

    func testGoToPromptRejectsBadInput() {
        let cases: [(typed: String, message: String)] = [
            ("", "no step typed: press g, type a step number such as 1200, then Enter"),
            ("12x", "'12x' is not a step number: type digits only, such as 1200"),
            ("9999999999999999", "step 9999999999999999 is too large: steps go up to 2^53"),
        ]
        for (typed, message) in cases {
            var view = ViewState()
            var prompt: String? = typed
            XCTAssertEqual(press([.enter], view: &view, prompt: &prompt), [nil], typed)
            XCTAssertEqual(view.statusMessage, message, typed)
        }
    }

    func testEscapeCancelsPrompt() {
        var view = ViewState()
        var prompt: String? = "12"
        XCTAssertEqual(press([.escape], view: &view, prompt: &prompt), [nil])
        XCTAssertNil(prompt)
        XCTAssertNil(view.statusMessage)
    }

    func testBrainKeysAreReadOnly() {
        for key in ["f", "r", "R", "s"] {
            var view = ViewState()
            var prompt: String?
            XCTAssertEqual(press([.character(Character(key))], view: &view, prompt: &prompt), [nil], key)
            XCTAssertEqual(view.statusMessage, replayReadOnlyMessage, key)
            XCTAssertEqual(view.overlay, .none, key)
        }
    }

    func testGroupKeysStillSelectGroups() {
        var view = ViewState()
        var prompt: String?
        _ = press([.down, .character("j")], view: &view, prompt: &prompt)
        XCTAssertEqual(view.selectedGroup, 2)
        _ = press([.up], view: &view, prompt: &prompt)
        XCTAssertEqual(view.selectedGroup, 1)
        _ = press([.end], view: &view, prompt: &prompt)
        XCTAssertEqual(view.selectedGroup, 1, "End moves playback, not the selection")
    }

    func testDashboardKeysKeepWorking() {
        var view = ViewState()
        var prompt: String?
        XCTAssertEqual(press([.character("l"), .character("-"), .character("q")], view: &view, prompt: &prompt),
                       [nil, nil, .quit])
        XCTAssertTrue(view.logScale)
        XCTAssertNotEqual(view.timeWindowIndex, TimeWindow.defaultIndex)

        _ = press([.character("?")], view: &view, prompt: &prompt)
        XCTAssertEqual(view.overlay, .help)
        XCTAssertEqual(press([.character(" ")], view: &view, prompt: &prompt), [nil], "a key closes the help first")
        XCTAssertEqual(view.overlay, .none)
    }
}
