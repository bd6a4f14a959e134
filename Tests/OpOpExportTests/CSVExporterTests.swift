import OpOpExport
import OpOpTrace
import XCTest

final class CSVExporterTests: XCTestCase {
    /// Parses RFC 4180 text: quoted fields may hold commas, doubled quotes and line breaks.
    private func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        scalars.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                inQuotes = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        XCTAssertFalse(inQuotes, "unterminated quoted field")
        XCTAssertTrue(row.isEmpty && field.isEmpty, "last row lacks its line feed")
        return rows
    }

    private func export(_ records: [TraceRecord], runColumn: Bool = false, columns: [String]? = nil) throws -> (String, CSVExporter<StringOutput>) {
        var exporter = CSVExporter(output: StringOutput(), includeRunColumn: runColumn, groupColumns: columns)
        for record in records {
            try exporter.add(record)
        }
        return (try exporter.finish().text, exporter)
    }

    func testFixtureRoundTrips() throws {
        let records = try FixtureTraces.read(FixtureTraces.smallRun).records
        let (text, _) = try export(records)
        let rows = parseCSV(text)
        let steps = records.compactMap { record -> StepRecord? in
            if case .step(let step) = record { return step }
            return nil
        }

        let evaluations = records.compactMap { record -> EvaluationRecord? in
            if case .evaluation(let evaluation) = record { return evaluation }
            return nil
        }
        let metricCount = evaluations.map(\.metrics.count).reduce(0, +)

        XCTAssertEqual(rows.count, steps.count + metricCount + 1)
        XCTAssertEqual(rows[0].count, 5 + 6 * 4 + 2)
        XCTAssertEqual(rows[0][5], "fc1.weight/scale")
        XCTAssertEqual(rows[0][28], "fc3.bias/grad_norm")
        XCTAssertEqual(Array(rows[0].suffix(2)), ["eval_metric", "eval_value"])
        let stepRows = rows.dropFirst().filter { $0[29].isEmpty }
        XCTAssertEqual(stepRows.count, steps.count)
        for (row, step) in zip(stepRows, steps) {
            XCTAssertEqual(Int(row[0]), step.step)
            XCTAssertEqual(Double(row[1]), step.wallTime)
            XCTAssertEqual(Double(row[2]), step.loss)
            XCTAssertEqual(row[3].isEmpty ? nil : Double(row[3]), step.reward)
            XCTAssertEqual(row[5..<29].compactMap(Double.init), step.groups.flatMap { [$0.scale, $0.clip, $0.dampen, $0.gradientNorm!] })
        }
    }

    func testNonFiniteAndMissingValues() throws {
        let (text, _) = try export([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: .nan, reward: .infinity, baseline: -.infinity, knobs: [(.nan, 1, 0)], gradientNorm: nil),
        ])
        let rows = parseCSV(text)
        XCTAssertEqual(rows[1], ["1", "1000.1", "NaN", "Inf", "-Inf", "NaN", "1.0", "0.0", "", "", ""])
    }

    func testNamesAreQuoted() throws {
        let awkward = "a,\"b\"\nc"
        let (text, _) = try export([
            SyntheticTrace.header(run: " spaced run", groups: [awkward, "\"\u{301}x"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0), (1, 1, 0)]),
        ], runColumn: true)
        let rows = parseCSV(text)
        XCTAssertEqual(rows[0][6], awkward + "/scale")
        XCTAssertEqual(rows[0][10], "\"\u{301}x/scale")
        XCTAssertEqual(rows[1][0], " spaced run")
        XCTAssertEqual(rows[1].count, rows[0].count)
    }

    func testSeveralRunsShareUnionColumns() throws {
        let first = [SyntheticTrace.header(run: "one", groups: ["a", "b"]), SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0), (2, 1, 0)])]
        let second = [SyntheticTrace.header(run: "two", groups: ["b", "c"]), SyntheticTrace.step(1, loss: 2, knobs: [(3, 1, 0), (4, 1, 0)])]
        let columns = CSVExporter<StringOutput>.groupColumns(for: [first, second].compactMap {
            if case .header(let header) = $0[0] { return header }
            return nil
        })
        XCTAssertEqual(columns, ["a", "b", "c"])

        let (text, _) = try export(first + second, runColumn: true, columns: columns)
        let rows = parseCSV(text)
        XCTAssertEqual(rows[0].prefix(7), ["run", "step", "time", "loss", "reward", "baseline", "a/scale"])
        XCTAssertEqual(rows[1][0], "one")
        XCTAssertEqual(rows[1][6], "1.0")
        XCTAssertEqual(rows[1][14], "")
        XCTAssertEqual(rows[2][0], "two")
        XCTAssertEqual(rows[2][6], "")
        XCTAssertEqual(rows[2][10], "3.0")
        XCTAssertEqual(rows[2][14], "4.0")
    }

    func testGroupWithoutColumnIsReported() throws {
        let (text, exporter) = try export([
            SyntheticTrace.header(run: "one", groups: ["a"]),
            SyntheticTrace.header(run: "two", groups: ["a", "z"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0), (5, 1, 0)]),
        ])
        XCTAssertEqual(exporter.omittedGroupNames, ["z"])
        XCTAssertFalse(text.contains("5.0"))
    }

    func testEvaluationGetsOneRowPerMetric() throws {
        let (text, exporter) = try export([
            SyntheticTrace.header(run: "r", groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            .evaluation(EvaluationRecord(step: 1, wallTime: 1_000.5, metrics: [
                Metric(name: "accuracy", value: 0.75), Metric(name: "held,out", value: .nan),
            ])),
        ], runColumn: true)
        let rows = parseCSV(text)

        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows[2], ["r", "1", "1000.5", "", "", "", "", "", "", "", "accuracy", "0.75"])
        XCTAssertEqual(rows[3], ["r", "1", "1000.5", "", "", "", "", "", "", "", "held,out", "NaN"])
        XCTAssertEqual(exporter.rowCount, 3)
    }

    func testEmptyTraceStillHasHeaderRow() throws {
        let (text, exporter) = try export([])
        XCTAssertEqual(text, "step,time,loss,reward,baseline,eval_metric,eval_value\n")
        XCTAssertEqual(exporter.rowCount, 0)
    }

    func testStepsBeforeHeaderAreSkipped() throws {
        let (_, exporter) = try export([SyntheticTrace.step(1, loss: 1, knobs: [])])
        XCTAssertEqual(exporter.recordsBeforeHeader, 1)
        XCTAssertEqual(exporter.rowCount, 0)
    }

    func testFileOutputWritesAndReportsBadPath() throws {
        let path = NSTemporaryDirectory() + "opop-export-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try FileOutput(creating: path)
        var exporter = CSVExporter(output: output)
        for record in try FixtureTraces.read(FixtureTraces.smallRun).records {
            try exporter.add(record)
        }
        try exporter.finish()
        try output.close()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(parseCSV(written).count, 1 + 480 + 5 * 2, "header, steps, and two metrics of five evaluations")

        XCTAssertThrowsError(try FileOutput(creating: "/nonexistent-folder/x.csv")) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot create '/nonexistent-folder/x.csv': No such file or directory; check that its folder exists and is writable"
            )
        }
    }
}
