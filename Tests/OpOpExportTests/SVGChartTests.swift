import OpOpExport
import OpOpTrace
import XCTest

final class SVGChartTests: XCTestCase {
    private func chartData(_ records: [TraceRecord]) -> RunChartData {
        var data = RunChartData()
        records.forEach { data.add($0) }
        return data
    }

    private func render(_ records: [TraceRecord], label: String = "run", chart: SVGChart = SVGChart()) throws -> (String, SVGInspection) {
        let svg = chart.render([.init(label: label, data: chartData(records))])
        return (svg, try SVGInspection.parse(svg))
    }

    func testFixtureOverlayIsWellFormed() throws {
        let runs = try zip(FixtureExports.labels, FixtureExports.paths).map { label, path in
            SVGChart.Run(label: label, data: try FixtureExports.chartData(path))
        }
        let inspection = try SVGInspection.parse(SVGChart().render(runs))

        XCTAssertNotNil(inspection.rootAttributes["viewBox"])
        XCTAssertEqual(inspection.count("svg"), 1)
        XCTAssertGreaterThanOrEqual(inspection.count("polyline"), 2 + 4 + 6 * 3 * 2)
        XCTAssertTrue(inspection.texts.contains("small-run" + "events: F 1, U 1, R 2, S 2"), "the run with events lists them")
        XCTAssertTrue(inspection.texts.contains("small-run-no-brain"), "the run without events lists none")
        XCTAssertTrue(inspection.texts.contains("loss (thin) and its moving average (thick) (log scale)"))
        XCTAssertTrue(inspection.texts.contains("fc3.bias"))
        for letter in ["F", "U", "R", "S"] {
            XCTAssertTrue(inspection.texts.contains(letter), "event letter \(letter) missing")
        }
    }

    func testSameInputGivesSameBytes() throws {
        let data = try FixtureExports.chartData(FixtureTraces.smallRun)
        let first = SVGChart().render([.init(label: "a", data: data)])
        let second = SVGChart().render([.init(label: "a", data: data)])
        XCTAssertEqual(first, second)
    }

    func testLongSeriesIsDownsampled() throws {
        var records = [SyntheticTrace.header(groups: ["g"])]
        for step in 1...20_000 {
            records.append(SyntheticTrace.step(step, loss: step == 12_345 ? 50 : 1 + Double(step % 3), knobs: [(1, 1, 0)]))
        }
        let (svg, inspection) = try render(records)

        let lossLine = try XCTUnwrap(svg.split(separator: "\n").first { $0.hasPrefix("<polyline") })
        let pointCount = lossLine.split(separator: " ").filter { $0.contains(",") }.count
        XCTAssertLessThanOrEqual(pointCount, 2_000)
        XCTAssertGreaterThan(pointCount, 500)
        XCTAssertTrue(inspection.texts.contains("50"), "the spike should set the axis: \(inspection.texts.prefix(20))")
    }

    func testNonFiniteValuesGetMarksAndStayOffAxes() throws {
        let (svg, inspection) = try render([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: .nan, knobs: [(.infinity, 1, 0)]),
            SyntheticTrace.step(3, loss: .infinity, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(4, loss: -.infinity, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(5, loss: 2, knobs: [(1, 1, 0)]),
        ], chart: SVGChart(lossScale: .linear))

        XCTAssertFalse(svg.contains("nan"), "no NaN coordinates: \(svg.split(separator: "\n").filter { $0.contains("nan") })")
        XCTAssertFalse(svg.contains("inf\""), "no infinite coordinates")
        let nanMarks = svg.components(separatedBy: "stroke=\"#000\" stroke-width=\"1.8\"").count - 1
        XCTAssertEqual(nanMarks, 2, "one NaN mark on the loss panel and one in the legend")
        let triangles = svg.components(separatedBy: "Z\" fill=\"#000\"/>").count - 1
        XCTAssertEqual(triangles, 2 + 3, "legend triangles plus +Inf, -Inf loss and +Inf scale")
        XCTAssertFalse(inspection.texts.contains { $0 == "inf" || $0 == "-inf" }, "no tick label at an infinite value")
        XCTAssertEqual(inspection.texts.filter { $0 == "NaN" }.count, 1, "only the legend says NaN")
    }

    func testLogScaleFallsBackWhenLossIsNotPositive() throws {
        let (_, inspection) = try render([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: -1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 2, knobs: [(1, 1, 0)]),
        ])
        XCTAssertTrue(inspection.texts.contains { $0.hasPrefix("loss (thin) and its moving average (thick) (linear") })
    }

    func testManyGroupsAreCappedWithNote() throws {
        let names = (1...100).map { "layer\($0).weight" }
        let (_, inspection) = try render([
            SyntheticTrace.header(groups: names),
            SyntheticTrace.step(1, loss: 1, knobs: Array(repeating: (1, 1, 0), count: 100)),
            SyntheticTrace.step(2, loss: 0.5, knobs: Array(repeating: (2, 1, 0), count: 100)),
        ])
        XCTAssertTrue(inspection.texts.contains("12 of 100 groups shown; 88 more left out"))
        XCTAssertTrue(inspection.texts.contains("layer12.weight"))
        XCTAssertFalse(inspection.texts.contains("layer13.weight"))
    }

    func testNamesAreEscapedAndCut() throws {
        let hostile = "<b>&\"quote\"'\u{1}"
        let long = String(repeating: "界", count: 200)
        let (_, inspection) = try render([
            SyntheticTrace.header(run: hostile, groups: [hostile, long, "e\u{301}"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0), (1, 1, 0), (1, 1, 0)]),
        ], label: hostile)

        XCTAssertTrue(inspection.texts.contains("<b>&\"quote\"'\u{FFFD}"))
        let cut = try XCTUnwrap(inspection.texts.first { $0.hasPrefix("界") })
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertEqual(cut.count, 60)
        XCTAssertTrue(inspection.texts.contains("e\u{301}"))
    }

    func testEmptyInputsStillGiveAPicture() throws {
        let noRuns = try SVGInspection.parse(SVGChart().render([]))
        XCTAssertTrue(noRuns.texts.contains("no steps to draw"))

        let (_, headerOnly) = try render([SyntheticTrace.header(groups: [])])
        XCTAssertTrue(headerOnly.texts.contains("no steps to draw"))

        let (_, noGroups) = try render([
            SyntheticTrace.header(groups: []),
            SyntheticTrace.step(1, loss: 1, knobs: []),
        ])
        XCTAssertTrue(noGroups.texts.contains("no parameter groups"))
    }

    func testRunWithoutBrainSaysNoReward() throws {
        let (_, inspection) = try render([
            SyntheticTrace.header(groups: ["g"], brain: false),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 0.9, knobs: [(1, 1, 0)]),
        ])
        XCTAssertTrue(inspection.texts.contains("no values"))
    }

    func testRewindRemovesLaterMarkers() {
        let data = chartData([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.event(.freeze, at: 2),
            SyntheticTrace.step(3, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 5, knobs: [(1, 1, 0)]),
        ])
        XCTAssertEqual(data.markers, [])
        XCTAssertEqual(data.loss.buckets.map(\.index), [1, 2])
        XCTAssertEqual(data.loss.finiteRange, 1...5)
        XCTAssertEqual(data.lastStep, 2)
    }
}
