import Foundation
import OpOpDashboard
import OpOpExport
import OpOpTrace
import XCTest

final class SummaryTableTests: XCTestCase {
    private func summary(_ records: [TraceRecord], corruptLines: Int = 0, asciiOnly: Bool = false) -> String {
        var digest = RunDigest()
        records.forEach { digest.add($0) }
        digest.badValues.corruptLines = corruptLines
        return SummaryTable(asciiOnly: asciiOnly).render([.init(label: "trace.jsonl", digest: digest)])
    }

    private func assertFits(_ text: String, width: Int = 80, file: StaticString = #filePath, line: UInt = #line) {
        for row in text.split(separator: "\n") where row.hasPrefix("  ") && !row.hasPrefix("  trace") && !row.hasPrefix("  note") {
            XCTAssertLessThanOrEqual(displayWidth(row), width, "row too wide: \(row)", file: file, line: line)
        }
    }

    func testEmptyTrace() {
        let text = summary([])
        XCTAssertTrue(text.contains("no header: the trace has no run to summarise"))
        XCTAssertTrue(text.hasSuffix("medians are exact\n"))
    }

    func testConstantSeriesShowExactMedians() {
        // 3,000 values: past the exact capacity, so the sketch estimates the median.
        let steps = (1...3_000).map { SyntheticTrace.step($0, loss: 1, knobs: [(1, 0.34, 0)]) }
        let text = summary([SyntheticTrace.header(groups: ["g"])] + steps)
        let row = text.split(separator: "\n").first { $0.hasPrefix("  g ") }.map(String.init) ?? ""

        XCTAssertEqual(row, "  g               1..1              1  0.34..0.34     0.34  0..0              0")
        XCTAssertTrue(text.hasSuffix("medians are exact\n"), text)
    }

    func testMedianEstimateStaysInRange() {
        var statistics = ValueStatistics()
        for index in 0..<3_000 {
            statistics.add(index % 2 == 0 ? 0.999_9 : 1)
        }
        let median = try? XCTUnwrap(statistics.median)
        XCTAssertGreaterThanOrEqual(median ?? 0, 0.999_9)
        XCTAssertLessThanOrEqual(median ?? 2, 1)
    }

    func testColumnsHaveTwoSpaceGaps() {
        let text = summary([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(0.763_1, 0.756, 0)]),
            SyntheticTrace.step(2, loss: 1, knobs: [(1.357_2, 1.361, 0.225)]),
            SyntheticTrace.step(3, loss: 1, knobs: [(1.047_1, 1.050_1, 0.037_5)]),
        ])
        let row = text.split(separator: "\n").first { $0.hasPrefix("  g ") }.map(String.init) ?? ""

        XCTAssertEqual(row, "  g               0.763..1.357  1.047  0.756..1.361   1.05  0..0.225      0.038")
    }

    func testNoRuns() {
        XCTAssertTrue(SummaryTable().render([]).contains("no runs to summarise"))
    }

    func testZeroGroups() {
        let text = summary([SyntheticTrace.header(groups: []), SyntheticTrace.step(1, loss: 1, knobs: [])])
        XCTAssertTrue(text.contains("no parameter groups"))
        XCTAssertTrue(text.contains("0 groups"))
    }

    func testHundredGroupsAllListed() {
        let names = (1...100).map { "g\($0)" }
        let text = summary([
            SyntheticTrace.header(groups: names),
            SyntheticTrace.step(1, loss: 1, knobs: Array(repeating: (1, 1, 0), count: 100)),
        ])
        XCTAssertTrue(text.contains("\n  g100 "))
        assertFits(text)
    }

    func testBadValuesAreShown() {
        let text = summary([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: .nan, knobs: [(.infinity, 1, .nan)], gradientNorm: .nan),
            SyntheticTrace.step(2, loss: .nan, knobs: [(1, 1, 0)]),
        ], corruptLines: 3)
        XCTAssertTrue(text.contains("bad values 8  loss 2  reward 0  grad norm 1  knobs 2  corrupt lines 3"), text)
        XCTAssertTrue(text.contains("final loss -  best loss -"), text)
        XCTAssertTrue(text.contains("bad 2"), text)
    }

    func testWideCombiningAndLongNamesFit() {
        let names = [
            String(repeating: "界", count: 30),
            "e\u{301}" + String(repeating: "\u{301}", count: 5) + "bias",
            String(repeating: "very.long.name.", count: 20),
            "🧠brain",
        ]
        let text = summary([
            SyntheticTrace.header(groups: names),
            SyntheticTrace.step(1, loss: 1, knobs: Array(repeating: (1, 1, 0), count: 4)),
        ])
        assertFits(text)
        XCTAssertTrue(text.contains("界界界界界界…"), text)
        XCTAssertTrue(text.contains("🧠brain"))
        for row in text.split(separator: "\n") where row.contains("very.long") {
            XCTAssertEqual(displayWidth(row.prefix(2 + 14)), 16, "name column keeps its width")
        }
    }

    func testASCIIReplacesOtherCharacters() {
        let text = summary([
            SyntheticTrace.header(groups: [String(repeating: "界", count: 30)]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
        ], asciiOnly: true)
        XCTAssertTrue(text.unicodeScalars.allSatisfy(\.isASCII), text)
        XCTAssertTrue(text.contains("?????????????~"))
    }

    func testApproximateMediansAreStated() {
        var records = [SyntheticTrace.header(groups: ["g"])]
        for step in 1...3_000 {
            records.append(SyntheticTrace.step(step, loss: 1, knobs: [(Double(step % 10) + 1, 1, 0)]))
        }
        let text = summary(records)
        XCTAssertTrue(text.hasSuffix("medians over 2048 values are estimates within 0.1% (relative); ranges are exact\n"), text)
    }

    func testRewindAndRestartNotes() {
        let text = summary([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
        ])
        XCTAssertTrue(text.contains("note: steps went back once (earliest to step 1)"), text)
        XCTAssertTrue(text.contains("note: the trainer restarted once and continued the run"), text)
    }

    func testCorruptLinesCountedFromRealReader() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opop-export-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("trace.jsonl").path
        let fixture = try String(contentsOfFile: FixtureTraces.smallRun, encoding: .utf8)
        var lines = fixture.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("{\"type\":\"step\",\"step\":", at: 10)
        lines.insert("not json at all", at: 20)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let (records, corrupt) = try FixtureTraces.read(path)
        let text = summary(records, corruptLines: corrupt)
        XCTAssertEqual(corrupt, 2)
        XCTAssertTrue(text.contains("corrupt lines 2"), text)
    }
}
