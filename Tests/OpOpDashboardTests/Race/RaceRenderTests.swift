import XCTest
import OpOpTrace
@testable import OpOpDashboard

/// The race view at 80x24 in both glyph sets, drawn from races of known losses, and its
/// degradation at smaller sizes.
final class RaceRenderTests: XCTestCase {
    static let now = Fixtures.startTime + 70

    private func render(_ race: RaceHistory, glyphs: GlyphSet, width: Int = 80, height: Int = 24, view: ViewState = ViewState()) -> [String] {
        let grid = renderRace(race: race, view: view, now: Self.now, width: width, height: height, options: RenderOptions(glyphs: glyphs, colour: false))
        return grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Returns the rows inside the box whose top border starts with `title`.
    private func box(_ title: String, in lines: [String]) -> [String] {
        guard let top = lines.firstIndex(where: { $0.dropFirst(2).hasPrefix(title) }) else { return [] }
        return Array(lines[(top + 1)...].prefix { $0.hasPrefix("│") || $0.hasPrefix("|") })
    }

    func testUnicodeRaceShowsLegendBothCurvesAndRatio() throws {
        let lines = render(RaceFixtures.race(steps: 600, brainFactor: 0.9), glyphs: .unicode)

        XCTAssertEqual(lines.count, 24)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("opop-top · digits · adam lr=0.001 · 20261205-010203-digits-race"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("┌ Loss EMA  ⣿ brain  + bare  # both "), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(" accuracy brain 0.91 bare 0.89 ┐"), lines[1])

        // The curves are 10% apart, so many columns have both in one cell, drawn as "#".
        let loss = box("Loss EMA", in: lines).joined()
        XCTAssertGreaterThan(loss.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count, 20, "no brain line:\n\(loss)")
        XCTAssertGreaterThan(loss.filter { $0 == "+" }.count, 10, "no bare points:\n\(loss)")
        XCTAssertGreaterThan(loss.filter { $0 == "#" }.count, 10, "no cell with both curves:\n\(loss)")
        XCTAssertEqual(loss.filter { $0 == "+" || $0 == "#" }.count, 71, "not one bare point per plot column:\n\(loss)")

        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("┌ Ratio brain/bare") })
        XCTAssertTrue(ratioTop.contains("below 1: brain ahead"), ratioTop)
        XCTAssertTrue(ratioTop.hasSuffix(" 0.9 brain ahead ┐"), ratioTop)
        let ratio = box("Ratio brain/bare", in: lines)
        XCTAssertTrue(ratio.first?.hasPrefix("│     1 ") == true, "the reference line at 1 is not the top label:\n\(ratio.joined(separator: "\n"))")
        XCTAssertTrue(ratio.last?.hasPrefix("│   0.9 ⣀⣀⣀") == true, "the ratio line is not at 0.9:\n\(ratio.joined(separator: "\n"))")

        let status = lines[22]
        XCTAssertTrue(status.hasPrefix("step 600  "), status)
        XCTAssertTrue(status.contains("  brain 0.1279  bare 0.1421 "), status)
        XCTAssertTrue(lines[23].hasPrefix("q Quit ? Help f Freeze r Reset R Reset all s Snapshot"), lines[23])
    }

    func testAsciiRaceIsPureASCIIWithDistinctGlyphs() throws {
        let lines = render(RaceFixtures.race(steps: 600, brainFactor: 1.25), glyphs: .ascii)

        XCTAssertTrue(lines.joined().allSatisfy(\.isASCII), lines.joined(separator: "\n"))
        XCTAssertTrue(lines[1].hasPrefix("+ Loss EMA  * brain  + bare  # both "), lines[1])
        let loss = box("Loss EMA", in: lines).joined()
        XCTAssertGreaterThan(loss.filter { $0 == "*" }.count, 25, "no brain line:\n\(loss)")
        XCTAssertGreaterThan(loss.filter { $0 == "+" }.count, 25, "no bare points:\n\(loss)")
        XCTAssertEqual(loss.filter { $0 == "+" || $0 == "#" }.count, 71, "not one bare point per plot column:\n\(loss)")

        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("+ Ratio brain/bare") })
        XCTAssertTrue(ratioTop.hasSuffix(" 1.25 bare ahead +"), ratioTop)
        let ratio = box("Ratio brain/bare", in: lines)
        XCTAssertTrue(ratio.first?.hasPrefix("|  1.25 *****") == true, ratio.joined(separator: "\n"))
        XCTAssertTrue(ratio.last?.hasPrefix("|     1 -----") == true, ratio.joined(separator: "\n"))
    }

    func testEqualRunsShowEvenRatio() throws {
        let lines = render(RaceFixtures.race(steps: 200, brainFactor: 1), glyphs: .ascii)

        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("+ Ratio brain/bare") })
        XCTAssertTrue(ratioTop.hasSuffix(" 1 even +"), ratioTop)
    }

    func testRatioTitleFollowsLatestStep() throws {
        // The brain leads early and falls behind late: the title gives the latest ratio.
        var race = RaceHistory(name: "r")
        race.ingest(.header(RaceFixtures.header(brain: true)), from: .brain)
        race.ingest(.header(RaceFixtures.header(brain: false)), from: .bare)
        for index in 1...400 {
            let factor = index <= 200 ? 0.5 : 3.0
            race.ingest(.step(Fixtures.step(index, loss: factor, groups: 4)), from: .brain)
            race.ingest(.step(Fixtures.step(index, loss: 1, groups: 4)), from: .bare)
        }
        let expected = try XCTUnwrap(race.latestRatio)
        XCTAssertGreaterThan(expected, 2.9)

        let lines = render(race, glyphs: .unicode)

        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("┌ Ratio brain/bare") })
        XCTAssertTrue(ratioTop.hasSuffix(" \(NumberFormatting.compact(expected)) bare ahead ┐"), ratioTop)
    }

    func testLossesNearZeroSayBothNearZero() throws {
        var race = RaceHistory(name: "r")
        race.ingest(.header(RaceFixtures.header(brain: true)), from: .brain)
        race.ingest(.header(RaceFixtures.header(brain: false)), from: .bare)
        for index in 1...3000 {
            let loss = index == 1 ? 2.0 : 1e-13 * Double(1 + index % 5)
            race.ingest(.step(Fixtures.step(index, loss: loss, groups: 4)), from: .brain)
            race.ingest(.step(Fixtures.step(index, loss: loss / 3, groups: 4)), from: .bare)
        }

        let lines = render(race, glyphs: .ascii)

        let ratioTop = try XCTUnwrap(lines.first { $0.hasPrefix("+ Ratio brain/bare") })
        XCTAssertTrue(ratioTop.hasSuffix(" both near 0 +"), ratioTop)
    }

    func testGroupTableShowsBrainKnobs() {
        let lines = render(RaceFixtures.race(steps: 300, brainFactor: 0.9), glyphs: .unicode)

        for name in RaceFixtures.groups {
            XCTAssertTrue(lines.contains { $0.dropFirst().hasPrefix("  \(name) ") || $0.dropFirst().hasPrefix("> \(name) ") }, "no row for \(name)")
        }
    }

    func testEmptyRaceWaitsForSteps() {
        let lines = render(RaceHistory(name: "r"), glyphs: .ascii)

        XCTAssertTrue(lines[0].contains("waiting for the trace headers"), lines[0])
        XCTAssertTrue(lines.contains { $0.contains("waiting for the first step") })
        XCTAssertTrue(lines.contains { $0.contains("waiting for both runs to reach a step") })
    }

    func testSmallSizesDegradeLikeDashboard() {
        let race = RaceFixtures.race(steps: 300, brainFactor: 0.9)

        let smallest = render(race, glyphs: .unicode, width: DashboardLayout.minimumWidth, height: DashboardLayout.minimumHeight)
        XCTAssertTrue(smallest[1].hasPrefix("┌ Loss EMA "), smallest.joined(separator: "\n"))
        XCTAssertTrue(smallest.contains { $0.hasPrefix("┌ Ratio brain/bare") }, smallest.joined(separator: "\n"))

        let tooSmall = render(race, glyphs: .unicode, width: 40, height: 10).joined(separator: "\n")
        XCTAssertTrue(tooSmall.contains("terminal too small"), tooSmall)
        for size in [(0, 0), (1, 1), (47, 13), (200, 60)] {
            _ = render(race, glyphs: .ascii, width: size.0, height: size.1)
        }
    }

    func testHelpAndResetQuestionDrawOverRace() {
        var view = ViewState()
        view.overlay = .confirmResetAll
        let lines = render(RaceFixtures.race(steps: 100, brainFactor: 0.9), glyphs: .ascii, view: view)

        XCTAssertTrue(lines.contains { $0.contains("Reset all 4 groups?") }, lines.joined(separator: "\n"))
    }
}
