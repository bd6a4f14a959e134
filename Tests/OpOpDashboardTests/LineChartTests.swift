import XCTest
@testable import OpOpDashboard

final class LineChartTests: XCTestCase {
    private func render(
        _ series: [ChartSeries], width: Int, height: Int, glyphs: GlyphSet, logScale: Bool = false,
        markers: [ChartMarker] = []
    ) -> String {
        var grid = Grid(width: width, height: height)
        LineChart(series: series, markers: markers, logScale: logScale).render(into: &grid, rect: grid.bounds, glyphs: glyphs)
        return grid.text
    }

    func testBrailleRampIsDiagonal() {
        let ramp = ChartSeries(columns: Fixtures.columns((0..<8).map(Double.init)))

        XCTAssertEqual(render([ramp], width: 4, height: 1, glyphs: .unicode), "⣀⠤⠒⠉")
    }

    func testBrailleLineConnectsDistantPoints() {
        let jump = ChartSeries(columns: Fixtures.columns([0, 0, 0, 7]))

        XCTAssertEqual(render([jump], width: 2, height: 2, glyphs: .unicode), """
         ⢸
        ⣀⡇
        """)
    }

    func testAsciiRampIsDiagonal() {
        let ramp = ChartSeries(columns: Fixtures.columns([0, 1, 2, 3]), asciiGlyph: "*")

        XCTAssertEqual(render([ramp], width: 4, height: 4, glyphs: .ascii), """
           *
          *
         *
        *
        """)
    }

    func testLogScaleSpreadsDecades() {
        let decades = ChartSeries(columns: Fixtures.columns([1, 10, 100, 1000]), asciiGlyph: "*")

        XCTAssertEqual(render([decades], width: 4, height: 4, glyphs: .ascii, logScale: true), """
           *
          *
         *
        *
        """)
        XCTAssertEqual(render([decades], width: 4, height: 4, glyphs: .ascii, logScale: false), """
           *
           *
          *
        ***
        """)
    }

    func testLabelsOnLogScale() {
        let decades = ChartSeries(columns: Fixtures.columns([1, 10, 100, 1000] + Array(repeating: nil, count: 6)), asciiGlyph: "*")

        XCTAssertEqual(render([decades], width: 17, height: 3, glyphs: .ascii, logScale: true), """
          1000    *
        31.623  **
             1 *
        """)
    }

    func testBandFillsColumnRange() {
        var wide = ColumnSummary()
        wide.add(0)
        wide.add(3)
        let band = ChartSeries(columns: [wide, Fixtures.columns([1.5])[0]], shape: .band, asciiGlyph: ".")

        // The band spans rows 0-3 in column 0; both means sit in row 2.
        XCTAssertEqual(render([band], width: 2, height: 4, glyphs: .ascii), """
        .
        .
        ..
        .
        """)
    }

    func testLaterSeriesWinsSharedCells() {
        let raw = ChartSeries(columns: Fixtures.columns([0, 1]), asciiGlyph: ".")
        let smooth = ChartSeries(columns: Fixtures.columns([0, 0]), asciiGlyph: "*")

        XCTAssertEqual(render([raw, smooth], width: 2, height: 2, glyphs: .ascii), """
         .
        **
        """)
    }

    func testMarkersInTopRow() {
        let flat = ChartSeries(columns: Fixtures.columns([0, 0, 0, 0]), asciiGlyph: "*")
        let markers = [ChartMarker(column: 1, glyph: "F", style: .plain), ChartMarker(column: 9, glyph: "S", style: .plain)]

        // A constant series sits in the middle row; the marker past the plot is dropped.
        XCTAssertEqual(render([flat], width: 4, height: 3, glyphs: .ascii, markers: markers), """
         F
        ****

        """)
    }

    func testNonFiniteColumnsMarkedAndIgnoredByScale() {
        let values = ChartSeries(columns: Fixtures.columns([0, .nan, 1, .infinity]), asciiGlyph: "*")

        XCTAssertEqual(render([values], width: 4, height: 2, glyphs: .ascii), """
         **
        *x x
        """)
    }

    func testExtremeValuesDoNotTrap() {
        let extreme = ChartSeries(columns: Fixtures.columns([-1e308, 1e308, -.greatestFiniteMagnitude, 0]), asciiGlyph: "*")

        let text = render([extreme], width: 20, height: 4, glyphs: .ascii)

        XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, 4)
        XCTAssertTrue(text.contains("*"))
    }

    func testEmptySeriesDrawsNothing() {
        let empty = ChartSeries(columns: Fixtures.columns([nil, nil]))

        XCTAssertEqual(render([empty], width: 20, height: 3, glyphs: .unicode), "\n\n")
    }

    func testPointsUseRightAxis() {
        let loss = ChartSeries(columns: Fixtures.columns(Array(repeating: 2, count: 12)), asciiGlyph: "*")
        let accuracy = ChartSeries(
            columns: Fixtures.columns([nil, 0.5, nil, nil, nil, nil, nil, nil, nil, nil, 0.9, nil]),
            shape: .points, pointGlyph: "o", axis: .right
        )

        XCTAssertEqual(render([loss, accuracy], width: 26, height: 3, glyphs: .ascii), """
           2.2           o  0.9
             2 ************ 0.7
           1.8  o           0.5
        """)
    }
}
