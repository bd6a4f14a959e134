import XCTest
import OpOpTrace
@testable import OpOpDashboard

final class KeyHandlingTests: XCTestCase {
    private struct Case {
        let id: String
        let key: Key
        var before = ViewState()
        let action: DashboardAction?
        let check: (ViewState) -> Bool
    }

    private static func view(_ change: (inout ViewState) -> Void) -> ViewState {
        var view = ViewState()
        change(&view)
        return view
    }

    private let history = Fixtures.run(steps: 10, groups: (0..<30).map { "g\($0)" }, events: false)

    private var cases: [Case] {
        [
            Case(id: "q quits", key: .character("q"), action: .quit) { $0.overlay == .none },
            Case(id: "F10 quits", key: .function(10), action: .quit) { _ in true },
            Case(id: "? opens help", key: .character("?"), action: nil) { $0.overlay == .help },
            Case(id: "h opens help", key: .character("h"), action: nil) { $0.overlay == .help },
            Case(id: "F1 opens help", key: .function(1), action: nil) { $0.overlay == .help },
            Case(
                id: "any key closes help", key: .character("q"), before: Self.view { $0.overlay = .help },
                action: nil
            ) { $0.overlay == .none },
            Case(
                id: "resize keeps help", key: .resize, before: Self.view { $0.overlay = .help },
                action: nil
            ) { $0.overlay == .help },
            Case(id: "f toggles freeze", key: .character("f"), action: .toggleFreeze) { _ in true },
            Case(
                id: "r resets selected group", key: .character("r"), before: Self.view { $0.selectedGroup = 4 },
                action: .resetGroup(4)
            ) { _ in true },
            Case(id: "R asks first", key: .character("R"), action: nil) { $0.overlay == .confirmResetAll },
            Case(
                id: "y confirms reset all", key: .character("y"), before: Self.view { $0.overlay = .confirmResetAll },
                action: .resetAll
            ) { $0.overlay == .none },
            Case(
                id: "n cancels reset all", key: .character("n"), before: Self.view { $0.overlay = .confirmResetAll },
                action: nil
            ) { $0.overlay == .none },
            Case(
                id: "escape cancels reset all", key: .escape, before: Self.view { $0.overlay = .confirmResetAll },
                action: nil
            ) { $0.overlay == .none },
            Case(id: "s snapshots", key: .character("s"), action: .snapshot) { _ in true },
            Case(id: "l toggles log scale", key: .character("l"), action: nil) { $0.logScale },
            Case(id: "space pauses", key: .character(" "), action: .togglePause) { $0.isPaused },
            Case(
                id: "space resumes", key: .character(" "), before: Self.view { $0.isPaused = true },
                action: .togglePause
            ) { !$0.isPaused },
            Case(id: "plus at all stays", key: .character("+"), action: nil) { $0.timeWindow == .all },
            Case(id: "minus skips windows longer than the run", key: .character("-"), action: nil) { $0.timeWindow == .last(100) },
            Case(
                id: "minus stops at 100", key: .character("-"), before: Self.view { $0.timeWindowIndex = 0 },
                action: nil
            ) { $0.timeWindow == .last(100) },
            Case(
                id: "plus widens", key: .character("+"), before: Self.view { $0.timeWindowIndex = 0 },
                action: nil
            ) { $0.timeWindow == .last(200) },
            Case(id: "down selects next", key: .down, action: nil) { $0.selectedGroup == 1 },
            Case(id: "j selects next", key: .character("j"), action: nil) { $0.selectedGroup == 1 },
            Case(id: "up stops at first", key: .up, action: nil) { $0.selectedGroup == 0 },
            Case(
                id: "k selects previous", key: .character("k"), before: Self.view { $0.selectedGroup = 3 },
                action: nil
            ) { $0.selectedGroup == 2 },
            Case(id: "end selects last", key: .end, action: nil) { $0.selectedGroup == 29 && $0.groupScrollOffset == 20 },
            Case(
                id: "home selects first", key: .home, before: Self.view { $0.selectedGroup = 25; $0.groupScrollOffset = 20 },
                action: nil
            ) { $0.selectedGroup == 0 && $0.groupScrollOffset == 0 },
            Case(id: "page down moves a page", key: .pageDown, action: nil) { $0.selectedGroup == 10 && $0.groupScrollOffset == 1 },
            Case(
                id: "page down stops at last", key: .pageDown, before: Self.view { $0.selectedGroup = 25 },
                action: nil
            ) { $0.selectedGroup == 29 },
            Case(
                id: "page up moves a page", key: .pageUp, before: Self.view { $0.selectedGroup = 15; $0.groupScrollOffset = 10 },
                action: nil
            ) { $0.selectedGroup == 5 && $0.groupScrollOffset == 5 },
            Case(id: "unknown key does nothing", key: .character("z"), action: nil) { $0 == ViewState() },
        ]
    }

    func testKeyTable() {
        for testCase in cases {
            var view = testCase.before
            let action = handle(testCase.key, view: &view, history: history)

            XCTAssertEqual(action, testCase.action, testCase.id)
            XCTAssertTrue(testCase.check(view), "\(testCase.id): view state \(view)")
        }
    }

    func testKeysWithoutGroups() {
        let empty = RunHistory()
        var view = ViewState()

        XCTAssertNil(handle(.character("r"), view: &view, history: empty))
        XCTAssertNil(handle(.character("R"), view: &view, history: empty))
        XCTAssertEqual(view.overlay, .none)
        XCTAssertNil(handle(.end, view: &view, history: empty))
        XCTAssertEqual(view.selectedGroup, 0)
    }

    func testScrollOffsetKeepsSelectionVisible() {
        var view = ViewState()
        view.selectedGroup = 40
        view.groupScrollOffset = 0

        XCTAssertEqual(view.scrollOffset(visibleRows: 8, groupCount: 48), 33)
        view.selectedGroup = 2
        view.groupScrollOffset = 30
        XCTAssertEqual(view.scrollOffset(visibleRows: 8, groupCount: 48), 2)
        view.groupScrollOffset = 100
        view.selectedGroup = 47
        XCTAssertEqual(view.scrollOffset(visibleRows: 8, groupCount: 48), 40)
        XCTAssertEqual(view.scrollOffset(visibleRows: 60, groupCount: 48), 0)
    }

    func testMinusSkipsWindowsLongerThanRun() {
        let longRun = Fixtures.run(steps: 5000, groups: ["w"], events: false)
        var view = ViewState()

        XCTAssertNil(handle(.character("-"), view: &view, history: longRun))
        XCTAssertEqual(view.timeWindow, .last(2_000), "1M down to 5k cover the whole 5,000-step run")

        XCTAssertNil(handle(.character("-"), view: &view, history: longRun))
        XCTAssertEqual(view.timeWindow, .last(1_000))
    }
}
