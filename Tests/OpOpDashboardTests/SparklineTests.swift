import XCTest
@testable import OpOpDashboard

final class SparklineTests: XCTestCase {
    private func render(_ values: [Double?], width: Int? = nil, glyphs: GlyphSet = .unicode) -> String {
        var grid = Grid(width: width ?? values.count, height: 1)
        Sparkline(columns: Fixtures.columns(values)).render(into: &grid, rect: grid.bounds, glyphs: glyphs)
        return grid.lines[0]
    }

    func testRampUsesEveryLevel() {
        XCTAssertEqual(render([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(render([0, 1, 2, 3, 4, 5, 6, 7], glyphs: .ascii), "_.-~=+*#")
    }

    func testConstantSeriesSitsInMiddle() {
        XCTAssertEqual(render([3, 3, 3, 3]), "▄▄▄▄")
    }

    func testEmptySeriesIsBlank() {
        XCTAssertEqual(render([nil, nil, nil]), "   ")
        XCTAssertEqual(render([]), "")
    }

    func testNaNShowsMarker() {
        XCTAssertEqual(render([0, .nan, 1]), "▁×█")
        XCTAssertEqual(render([0, .infinity, 1], glyphs: .ascii), "_x#")
    }

    func testGapsHoldPreviousLevel() {
        XCTAssertEqual(render([nil, 0, nil, 1, nil]), " ▁▁██")
    }

    func testOnlyLastColumnsFitAreShown() {
        XCTAssertEqual(render([7, 0, 1, 2], width: 3), "▁▅█")
    }

    func testExtremeValuesDoNotTrap() {
        XCTAssertEqual(render([-1e308, 1e308, 0]).count, 3)
        XCTAssertEqual(Sparkline.level(of: 1e308, range: -1e308...1e308, levels: 8), 3)
    }

    func testLevelMapping() {
        XCTAssertEqual(Sparkline.level(of: 5, range: 5...5, levels: 8), 3)
        XCTAssertEqual(Sparkline.level(of: 0, range: 0...1, levels: 8), 0)
        XCTAssertEqual(Sparkline.level(of: 1, range: 0...1, levels: 8), 7)
        XCTAssertEqual(Sparkline.level(of: 2, range: 0...1, levels: 8), 7)
    }
}
