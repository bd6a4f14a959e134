import OpOpExport
import OpOpTrace
import XCTest

final class SVGRunOverlapTests: XCTestCase {
    private func identicalRuns(_ count: Int) -> [SVGChart.Run] {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        for step in 1...200 {
            data.add(SyntheticTrace.step(step, loss: 1 / Double(step), knobs: [(1, 1, 0)]))
        }
        return (1...count).map { SVGChart.Run(label: "run \($0)", data: data) }
    }

    private func attribute(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        return line[start.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    func testIdenticalRunsGetDistinctWidths() {
        let svg = SVGChart().render(identicalRuns(3))
        let averageLines = svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") && !$0.contains("stroke-opacity") }.prefix(3)
        let widths = averageLines.compactMap { attribute("stroke-width", in: $0) }
        XCTAssertEqual(widths.count, 3)
        XCTAssertEqual(Set(widths).count, 3, "widths \(widths)")
    }

    func testIdenticalRunsGetOffsetMarkers() {
        let svg = SVGChart().render(identicalRuns(3))
        let lines = svg.split(separator: "\n")
        let circles = lines.filter { $0.hasPrefix("<circle") && $0.contains("stroke=\"#000\" stroke-width=\"0.6\"") }
        let squares = lines.filter { $0.hasPrefix("<rect") && $0.contains("stroke=\"#000\" stroke-width=\"0.6\"") }
        let legendX = 92.0
        let circleX = Set(circles.compactMap { attribute("cx", in: $0) }.compactMap(Double.init)).subtracting([legendX])
        let squareX = Set(squares.compactMap { attribute("x", in: $0) }.compactMap(Double.init).map { $0 + 3.5 })
            .subtracting([legendX])
        XCTAssertFalse(circleX.isEmpty)
        XCTAssertFalse(squareX.isEmpty)
        XCTAssertTrue(circleX.isDisjoint(with: squareX), "markers of run 1 and run 2 share x positions")
    }
}

final class SVGEventAndTitleTests: XCTestCase {
    private func run(_ name: String, events: [(EventRecord.Kind, Int, String?)]) -> SVGChart.Run {
        var data = RunChartData()
        data.add(SyntheticTrace.header(run: name, groups: ["a", "b"]))
        for step in 1...100 {
            data.add(SyntheticTrace.step(step, loss: 1, knobs: [(1, 1, 0), (1, 1, 0)]))
        }
        for (kind, step, group) in events {
            data.add(SyntheticTrace.event(kind, at: step, group: group))
        }
        return SVGChart.Run(label: name, data: data)
    }

    private func eventLines(_ svg: String) -> [Substring] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<line") && $0.contains("stroke-opacity=\"0.8\"") }
    }

    func testTitleNamesTwoRuns() throws {
        let inspection = try SVGInspection.parse(SVGChart().render([run("x", events: []), run("y", events: [])]))
        XCTAssertTrue(inspection.texts.contains("opop-top: x vs y"))
    }

    func testTitleCountsManyRuns() throws {
        let runs = (1...8).map { run("a-long-run-name-\($0)", events: []) }
        let inspection = try SVGInspection.parse(SVGChart().render(runs))
        XCTAssertTrue(inspection.texts.contains("opop-top: 8 runs"))
    }

    func testTitleCountsTwoLongNames() throws {
        let long = String(repeating: "n", count: 50)
        let inspection = try SVGInspection.parse(SVGChart().render([run(long, events: []), run(long + "2", events: [])]))
        XCTAssertTrue(inspection.texts.contains("opop-top: 2 runs"))
    }

    func testGroupEventStaysInItsRow() {
        let svg = SVGChart().render([run("x", events: [(.reset, 50, "b")])])
        // Loss and reward panels, then the three knob panels of group b only.
        XCTAssertEqual(eventLines(svg).count, 2 + 3)
    }

    func testRunWithoutGroupGetsNoEventLines() {
        var other = RunChartData()
        other.add(SyntheticTrace.header(run: "other", groups: ["c"]))
        other.add(SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]))
        let svg = SVGChart().render([run("x", events: [(.freeze, 50, nil)]), .init(label: "other", data: other)])
        // Loss and reward panels, and the knob panels of groups a and b; group c is only in the run without events.
        XCTAssertEqual(eventLines(svg).count, 2 + 2 * 3)
    }

    func testEachRunWithEventsGetsOwnLetterRow() throws {
        let svg = SVGChart().render([
            run("x", events: [(.freeze, 50, nil)]), run("quiet", events: []), run("z", events: [(.freeze, 50, nil)]),
        ])
        let letters = svg.split(separator: "\n").filter { $0.hasPrefix("<text") && $0.hasSuffix(">F</text>") && $0.contains("font-size=\"10\"") }
        let rows = Set(letters.compactMap { line -> String? in
            guard let start = line.range(of: " y=\"") else { return nil }
            return line[start.upperBound...].split(separator: "\"").first.map(String.init)
        })
        XCTAssertEqual(letters.count, 2 * 2, "one letter per run with events on the loss and reward panels")
        XCTAssertEqual(rows.count, 2 * 2, "the two runs' letters sit on different rows")
        XCTAssertEqual(Set(eventLines(svg).compactMap { $0.range(of: "stroke-dasharray=\"3 3\"") != nil }), [true, false])
    }

    func testCrowdedEventLettersAreThinned() {
        let events = (0..<50).map { (EventRecord.Kind.snapshot, 1 + $0, String?.none) }
        let svg = SVGChart().render([run("x", events: events)])
        let letters = svg.split(separator: "\n").filter { $0.hasSuffix(">S</text>") && $0.contains("font-size=\"10\"") }
        XCTAssertEqual(eventLines(svg).count, 50 * (2 + 2 * 3), "every event keeps its line")
        XCTAssertLessThan(letters.count, 2 * 50, "overlapping letters are left out")
        XCTAssertGreaterThan(letters.count, 2 * 10)
    }
}
