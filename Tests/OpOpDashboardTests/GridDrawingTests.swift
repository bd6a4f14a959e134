import XCTest
@testable import OpOpDashboard

final class GridDrawingTests: XCTestCase {
    func testWideCharacterTakesTwoCells() {
        var grid = Grid(width: 5, height: 1)
        let used = grid.put("a中b", x: 0, y: 0, style: .plain, clip: grid.bounds)

        XCTAssertEqual(used, 4)
        XCTAssertEqual(grid.lines, ["a中b "])
        XCTAssertTrue(grid[2, 0].isContinuation)
    }

    func testWideCharacterAtEdgeBecomesSpace() {
        var grid = Grid(width: 3, height: 1)
        grid.put("ab中", x: 0, y: 0, style: .plain, clip: grid.bounds)

        XCTAssertEqual(grid.lines, ["ab "])
        XCTAssertFalse(grid[2, 0].isContinuation)
    }

    func testOverwritingHalfOfWideCharacter() {
        var grid = Grid(width: 4, height: 1)
        grid.put("中中", x: 0, y: 0, style: .plain, clip: grid.bounds)
        grid.put("x", x: 1, y: 0, style: .plain, clip: grid.bounds)
        grid.put("y", x: 2, y: 0, style: .plain, clip: grid.bounds)

        XCTAssertEqual(grid.lines, [" xy "])
        XCTAssertTrue(grid.cells.allSatisfy { !$0.isContinuation })
    }

    func testClipRectLimitsWrites() {
        var grid = Grid(width: 6, height: 2)
        let clip = Rect(x: 1, y: 0, width: 3, height: 1)
        grid.put("abcdef", x: 0, y: 0, style: .plain, clip: clip)
        grid.fill(Rect(x: -5, y: 1, width: 100, height: 10), with: "#")

        XCTAssertEqual(grid.lines, [" bcd  ", "######"])
    }

    func testZeroWidthCharactersAreSkipped() {
        var grid = Grid(width: 4, height: 1)
        grid.put("\u{200D}a\tb", x: 0, y: 0, style: .plain, clip: grid.bounds)

        XCTAssertEqual(grid.lines, ["ab  "])
    }

    func testRectArithmetic() {
        let rect = Rect(x: 2, y: 3, width: 10, height: 4)

        XCTAssertEqual(rect.interior, Rect(x: 3, y: 4, width: 8, height: 2))
        XCTAssertEqual(Rect(x: 0, y: 0, width: 1, height: 1).interior.width, 0)
        XCTAssertEqual(rect.intersection(Rect(x: 10, y: 0, width: 10, height: 5)), Rect(x: 10, y: 3, width: 2, height: 2))
        XCTAssertTrue(rect.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
        XCTAssertTrue(rect.row(9).isEmpty)
    }

    func testLabelEndsWithEllipsisWhenCut() {
        var grid = Grid(width: 8, height: 1)
        Label("hidden.weight", ellipsis: "…").render(into: &grid, rect: grid.bounds)

        XCTAssertEqual(grid.text, "hidden.…")
    }

    func testBoxWithTitles() {
        var grid = Grid(width: 16, height: 3)
        let box = Box(title: [Span("Loss")], rightTitle: [Span("0.9")], bottomLeft: [Span("step 0")])
        let inside = box.render(into: &grid, rect: grid.bounds, glyphs: .unicode)

        XCTAssertEqual(inside, Rect(x: 1, y: 1, width: 14, height: 1))
        XCTAssertEqual(grid.text, """
        ┌ Loss ─── 0.9 ┐
        │              │
        └ step 0 ──────┘
        """)
    }

    func testBoxDropsRightTitleThatCollides() {
        var grid = Grid(width: 12, height: 2)
        Box(title: [Span("Groups")], rightTitle: [Span("1-5 of 48")]).render(into: &grid, rect: grid.bounds, glyphs: .ascii)

        XCTAssertEqual(grid.text, """
        + Groups --+
        +----------+
        """)
    }
}
