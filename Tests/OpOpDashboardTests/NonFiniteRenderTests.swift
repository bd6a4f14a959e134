import XCTest
import OpOpTrace
@testable import OpOpDashboard

/// NaN, infinite and missing values in a whole rendered frame: each shows as a visible
/// marker, and the axes scale on the finite values only.
final class NonFiniteRenderTests: XCTestCase {
    static let groups = ["embed.weight", "out.weight"]

    /// Returns a 300-step run with bad values at known steps: NaN and infinite losses, NaN,
    /// infinite and missing rewards, and NaN and infinite knobs.
    static func runWithBadValues() -> RunHistory {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: groups)))
        for index in 0..<300 {
            var step = Fixtures.step(index, groups: groups.count)
            switch index {
            case 100: step.loss = .nan
            case 150: step.loss = .infinity
            case 160: step.loss = -.infinity
            case 120: step.reward = .nan
            case 130...140: step.reward = nil
            case 170: step.reward = .infinity
            case 200: step.groups[0].scale = .nan
            case 210: step.groups[1].clip = .infinity
            case 220: step.groups[1].dampen = .nan
            case 299: step.groups[0].scale = .nan
            default: break
            }
            history.ingest(.step(step))
        }
        return history
    }

    private static func render(_ history: RunHistory, glyphs: GlyphSet) -> [String] {
        let grid = renderDashboard(
            history: history, view: ViewState(), now: Fixtures.startTime + 60, width: 80, height: 24,
            options: RenderOptions(glyphs: glyphs, colour: false)
        )
        return grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Returns the axis labels of plot rows: the six cells after the left border.
    private static func axisLabels(_ rows: ArraySlice<String>) -> [String] {
        rows.map { String($0.dropFirst().prefix(6)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func count(_ glyph: Character, in rows: ArraySlice<String>) -> Int {
        rows.reduce(0) { $0 + $1.filter { $0 == glyph }.count }
    }

    /// Counts `glyph` in a group row, leaving out the "x" that ends a multiplier such
    /// as "1.07x" in ASCII.
    private static func sparklineMarks(_ glyph: Character, in row: String) -> Int {
        zip([" "] + Array(row), Array(row)).filter { previous, current in
            current == glyph && !(previous.isNumber && glyph == "x")
        }.count
    }

    // Rows of the 80x24 frame: the loss plot is rows 2-10, the reward plot rows
    // 13-15, and the group rows 19 and 20.
    private static let lossPlot = 2...10
    private static let rewardPlot = 13...15

    func testLossMarkersAndFiniteAxis() throws {
        for glyphs in [GlyphSet.unicode, .ascii] {
            let rows = Self.render(Self.runWithBadValues(), glyphs: glyphs)
            let plot = rows[Self.lossPlot]

            XCTAssertEqual(Self.count(glyphs.nonFinite, in: plot[10...10]), 3, "NaN, inf and -inf losses, \(glyphs.nonFinite)")
            let labels = Self.axisLabels(plot)
            XCTAssertFalse(labels.isEmpty)
            for label in labels {
                let value = try XCTUnwrap(Double(label), "axis label '\(label)' is not a finite number")
                XCTAssertGreaterThan(value, 0, "axis label \(label) spans the finite losses only")
                XCTAssertLessThan(value, 3, "axis label \(label) spans the finite losses only")
            }
            XCTAssertEqual(labels.first, "2.4009", "the top of the axis is the largest finite loss")
        }
    }

    func testRewardMarkersAndFiniteAxis() throws {
        for glyphs in [GlyphSet.unicode, .ascii] {
            let rows = Self.render(Self.runWithBadValues(), glyphs: glyphs)
            let plot = rows[Self.rewardPlot]

            // The NaN and the infinite reward are marked. The eleven missing rewards are
            // not: a step without a reward is normal, as at the first step.
            XCTAssertEqual(Self.count(glyphs.nonFinite, in: plot), 2, "\(glyphs.nonFinite)")
            for label in Self.axisLabels(plot) {
                let value = try XCTUnwrap(Double(label), "axis label '\(label)' is not a finite number")
                XCTAssertLessThan(abs(value), 0.1, "axis label \(label) spans the finite rewards only")
            }
        }
    }

    func testKnobMarkersInGroupTable() {
        for glyphs in [GlyphSet.unicode, .ascii] {
            let rows = Self.render(Self.runWithBadValues(), glyphs: glyphs)
            let embed = rows[19]
            let out = rows[20]

            XCTAssertTrue(embed.contains("embed.weight    NaN "), embed)
            XCTAssertEqual(Self.sparklineMarks(glyphs.nonFinite, in: embed), 2, "NaN scales at steps 200 and 299: \(embed)")
            XCTAssertEqual(Self.sparklineMarks(glyphs.nonFinite, in: out), 2, "infinite clip and NaN dampen: \(out)")
        }
    }

    func testRunOfOnlyBadValues() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: Self.groups)))
        for index in 0..<50 {
            var step = Fixtures.step(index, loss: index % 2 == 0 ? .nan : .infinity, groups: 2)
            step.reward = nil
            step.baseline = nil
            for group in 0..<2 {
                step.groups[group].gradientNorm = .nan
                step.groups[group].scale = .infinity
            }
            history.ingest(.step(step))
        }

        let rows = Self.render(history, glyphs: .unicode)

        XCTAssertEqual(Self.axisLabels(rows[Self.lossPlot]), [], "no finite loss, so no axis labels")
        XCTAssertGreaterThan(Self.count(GlyphSet.unicode.nonFinite, in: rows[10...10]), 20)
        XCTAssertTrue(rows[14].contains("no reward yet"), rows[14])
        XCTAssertTrue(rows[19].contains("inf ××××××××"), rows[19])
        XCTAssertTrue(rows[19].contains("NaN ××××××××"), rows[19])
        XCTAssertTrue(rows[22].contains("loss inf"), rows[22])
    }
}
