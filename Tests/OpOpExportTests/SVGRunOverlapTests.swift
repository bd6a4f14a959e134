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
