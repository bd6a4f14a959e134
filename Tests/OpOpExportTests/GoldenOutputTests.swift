import Foundation
import OpOpExport
import OpOpTrace
import XCTest

/// The summary, SVG and CSV of the committed fixture runs against committed files.
final class GoldenOutputTests: XCTestCase {
    func testSummaryOfBothRuns() throws {
        let runs = try zip(FixtureExports.labels, FixtureExports.paths).map { label, path in
            SummaryTable.Run(label: label, digest: try FixtureExports.digest(path))
        }
        try GoldenFiles.assertMatches(SummaryTable().render(runs), "summary.txt")
    }

    func testSummaryInASCII() throws {
        let digest = try FixtureExports.digest(FixtureTraces.smallRun)
        let text = SummaryTable(asciiOnly: true).render([.init(label: "small-run", digest: digest)])
        try GoldenFiles.assertMatches(text, "summary-ascii.txt")
    }

    func testSVGOfBothRunsOverlaid() throws {
        let runs = try zip(FixtureExports.labels, FixtureExports.paths).map { label, path in
            SVGChart.Run(label: label, data: try FixtureExports.chartData(path))
        }
        let svg = SVGChart().render(runs)
        let docsImage = GoldenFiles.repositoryRoot.appendingPathComponent("docs/images/example-run.svg")
        try GoldenFiles.assertMatches(svg, "overlay.svg", alsoWriteTo: docsImage)
    }

    func testCSVOfOneRun() throws {
        var exporter = CSVExporter(output: StringOutput())
        for record in try FixtureTraces.read(FixtureTraces.smallRun).records {
            try exporter.add(record)
        }
        try GoldenFiles.assertMatches(exporter.finish().text, "small-run.csv")
    }

    func testCSVOfBothRunsWithRunColumn() throws {
        let traces = try FixtureExports.paths.map { try FixtureTraces.read($0).records }
        let headers = traces.compactMap { records -> TraceHeader? in
            if case .header(let header) = records.first { return header }
            return nil
        }
        var exporter = CSVExporter(
            output: StringOutput(), includeRunColumn: true, groupColumns: CSVExporter<StringOutput>.groupColumns(for: headers)
        )
        for records in traces {
            for record in records {
                try exporter.add(record)
            }
        }
        let text = try exporter.finish().text
        XCTAssertEqual(exporter.rowCount, 960 + 2 * 5 * 2, "steps and two metrics of five evaluations per run")
        try GoldenFiles.assertMatches(text, "both-runs.csv")
    }
}
