import XCTest
import Foundation
import OpOpTrace
@testable import OpOpDashboard

final class LayoutTests: XCTestCase {
    private static let history = Fixtures.run(steps: 600, groups: ["embed.weight", "hidden.weight", "out.weight"])
    private static let manyGroups = Fixtures.run(steps: 300, groups: (0..<48).map { "layers.\($0).weight" })

    private func render(
        _ history: RunHistory, width: Int, height: Int, view: ViewState = ViewState(), glyphs: GlyphSet = .unicode
    ) -> Grid {
        renderDashboard(
            history: history, view: view, now: GoldenScreenTests.now, width: width, height: height,
            options: RenderOptions(glyphs: glyphs, colour: true)
        )
    }

    /// Asserts that every row of the grid is exactly as wide as the grid.
    private func assertColumnsIntact(_ grid: Grid, _ id: String, file: StaticString = #filePath, line: UInt = #line) {
        for (row, text) in grid.lines.enumerated() {
            XCTAssertEqual(displayWidth(text), grid.width, "\(id) row \(row): \(text)", file: file, line: line)
        }
    }

    func testZeroByZero() {
        let grid = render(Self.history, width: 0, height: 0)

        XCTAssertEqual(grid.width, 0)
        XCTAssertEqual(grid.lines, [])
    }

    func testOneByOne() {
        let grid = render(Self.history, width: 1, height: 1)

        XCTAssertEqual(grid.lines, ["t"])
    }

    func testNegativeSizeIsEmpty() {
        let grid = render(Self.history, width: -3, height: -1)

        XCTAssertEqual(grid.width, 0)
        XCTAssertEqual(grid.height, 0)
    }

    func testTwentyByFiveShowsNotice() {
        let grid = render(Self.history, width: 20, height: 5)

        XCTAssertEqual(grid.lines.map { $0.trimmingCharacters(in: .whitespaces) }, [
            "", "terminal too small", "(need 48x14)", "", "",
        ])
        XCTAssertEqual(grid.lines[1], " terminal too small ")
    }

    func testJustBelowMinimumShowsNotice() {
        XCTAssertTrue(render(Self.history, width: 47, height: 30).text.contains("terminal too small"))
        XCTAssertTrue(render(Self.history, width: 100, height: 13).text.contains("terminal too small"))
        XCTAssertFalse(render(Self.history, width: 48, height: 14).text.contains("terminal too small"))
    }

    func testEverySizeUpToNinetyByThirty() {
        for width in stride(from: 0, through: 90, by: 3) {
            for height in 0...30 {
                let grid = render(Self.manyGroups, width: width, height: height)
                XCTAssertEqual(grid.width, width)
                XCTAssertEqual(grid.height, height)
                assertColumnsIntact(grid, "\(width)x\(height)")
            }
        }
    }

    func testStandardSizesKeepColumns() {
        for (width, height) in [(48, 14), (80, 24), (120, 40), (250, 70)] {
            for glyphs in [GlyphSet.unicode, .ascii] {
                let grid = render(Self.manyGroups, width: width, height: height, glyphs: glyphs)
                assertColumnsIntact(grid, "\(width)x\(height)")
                XCTAssertTrue(grid.lines[0].hasPrefix(glyphs.usesBraille ? "opop-top · digits-mlp" : "opop-top | digits-mlp"))
                XCTAssertTrue(grid.lines[height - 2].hasPrefix("step 299"), "\(width)x\(height)")
                XCTAssertTrue(grid.lines[height - 1].hasPrefix("q Quit"), "\(width)x\(height)")
            }
        }
    }

    func testLayoutProportions() {
        let small = DashboardLayout(width: 80, height: 24, groupCount: 3)
        XCTAssertEqual(small.groups.height, 6)
        XCTAssertEqual(small.groupRows, 3)
        XCTAssertEqual(small.loss.height + small.reward.height + small.groups.height, 21)

        let many = DashboardLayout(width: 120, height: 40, groupCount: 48)
        XCTAssertEqual(many.groupRows, 11)
        XCTAssertGreaterThan(many.loss.height, many.reward.height)
        XCTAssertEqual(many.hints.y, 39)
        XCTAssertEqual(DashboardLayout(width: 20, height: 5, groupCount: 1).groupRows, 0)
    }

    func testSelectionVisibleWithFortyEightGroups() {
        for (width, height) in [(80, 24), (120, 40)] {
            let rows = DashboardLayout(width: width, height: height, groupCount: 48).groupRows
            for selected in [0, 5, 23, 40, 47] {
                var view = ViewState()
                view.selectedGroup = selected
                view.groupScrollOffset = 0
                let text = render(Self.manyGroups, width: width, height: height, view: view).text
                XCTAssertTrue(text.contains("> layers.\(selected).weight "), "\(width)x\(height) selected \(selected)")
                XCTAssertEqual(text.components(separatedBy: "layers.").count - 1, rows, "\(width)x\(height)")
            }
        }
    }

    func testScrollIndicatorsShowHiddenRows() {
        var view = ViewState()
        view.selectedGroup = 20
        let text = render(Self.manyGroups, width: 80, height: 24, view: view).text

        XCTAssertTrue(text.contains("17-21 of 48 ↑ ↓"))
    }

    func testWideAndCombiningNamesKeepColumns() {
        let names = ["嵌入层.权重", "e\u{301}mbed", "😀.bias", "a-very-long-parameter-group-name.weight"]
        let history = Fixtures.run(steps: 50, groups: names)
        let grid = render(history, width: 80, height: 24)

        assertColumnsIntact(grid, "wide names")
        XCTAssertTrue(grid.text.contains("嵌入层.权重"))
        XCTAssertTrue(grid.text.contains("a-very-long-par…"))

        let ascii = render(history, width: 80, height: 24, glyphs: .ascii)
        assertColumnsIntact(ascii, "wide names in ASCII")
        XCTAssertTrue(ascii.text.allSatisfy(\.isASCII))
        XCTAssertTrue(ascii.text.contains("> ???.??"))
    }

    func testControlCharactersInTextAreRemoved() {
        var history = RunHistory()
        var header = Fixtures.header(groups: ["a\u{1B}[31m"])
        header.runName = "run\nname"
        history.ingest(.header(header))
        history.ingest(.step(Fixtures.step(0, groups: 1)))
        history.ingest(.event(Fixtures.event(.error, at: 0, message: "bad\tvalue\r")))

        let grid = render(history, width: 80, height: 24)

        XCTAssertFalse(grid.text.contains("\u{1B}"))
        XCTAssertTrue(grid.lines[0].contains("run name"))
        XCTAssertTrue(grid.text.contains("bad value"))
        assertColumnsIntact(grid, "control characters")
    }

    func testEmptyHistoryWaits() {
        let text = render(RunHistory(), width: 80, height: 24).text

        XCTAssertTrue(text.contains("waiting for the trace header"))
        XCTAssertTrue(text.contains("waiting for the first step"))
        XCTAssertTrue(text.contains("no reward yet"))
    }

    func testRunWithoutBrainSaysNoReward() {
        var header = Fixtures.header(groups: ["w"])
        header.brainSettings = [:]
        var history = RunHistory()
        history.ingest(.header(header))
        history.ingest(.step(StepRecord(step: 1, wallTime: Fixtures.startTime, loss: 1, reward: nil, baseline: nil, groups: [
            GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: 0.5),
        ])))

        let text = render(history, width: 80, height: 24).text

        XCTAssertTrue(text.contains("no reward: the run has no brain"), text)
        XCTAssertFalse(text.contains("no reward yet"), text)
    }

    func testNonFiniteLossShowsMarkerAndCount() {
        var history = RunHistory()
        for step in 0..<100 {
            history.ingest(.step(Fixtures.step(step, loss: step == 70 ? .nan : 1 + Double(step % 3), groups: 1)))
        }

        let text = render(history, width: 80, height: 24).text
        let lossBox = DashboardLayout(width: 80, height: 24, groupCount: 1).loss
        let lossChart = render(history, width: 80, height: 24).lines[lossBox.y..<lossBox.maxY].joined()

        XCTAssertTrue(lossChart.contains("×"), lossChart)
        XCTAssertTrue(text.contains("bad 1"))
        XCTAssertTrue(text.contains("loss 1 "))
    }

    func testWithoutColourOnlyAttributes() {
        var view = ViewState()
        view.selectedGroup = 1
        let grid = renderDashboard(
            history: Self.history, view: view, now: GoldenScreenTests.now, width: 80, height: 24,
            options: RenderOptions(glyphs: .unicode, colour: false)
        )

        XCTAssertTrue(grid.cells.allSatisfy { $0.style.foreground == nil })
        XCTAssertTrue(grid.cells.allSatisfy { $0.style.background == nil })

        let selectedRow = grid.lines.firstIndex { $0.contains("> hidden.weight") }!
        XCTAssertTrue((1..<79).allSatisfy { grid[$0, selectedRow].style.attributes.contains(.reverse) })

        // Raw loss is dim and its EMA bold, so the two lines differ without colour.
        let chartStyles = Set((2..<10).flatMap { y in (8..<72).map { grid[$0, y] } }
            .filter { $0.character != " " }.map(\.style.attributes))
        XCTAssertTrue(chartStyles.contains(.dim))
        XCTAssertTrue(chartStyles.contains(.bold))
    }

    func testRenderingIsRepeatable() {
        let first = render(Self.manyGroups, width: 120, height: 40)
        let second = render(Self.manyGroups, width: 120, height: 40)

        XCTAssertEqual(first, second)
    }
}
