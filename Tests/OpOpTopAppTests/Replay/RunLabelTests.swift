import XCTest
@testable import OpOpTopApp

/// One naming rule for runs in the legend, the summary, the SVG and the CSV.
final class RunLabelTests: XCTestCase {
    func testLabelRuleByPathKind() {
        let cases: [(path: String, isDirectory: Bool, label: String)] = [
            ("runs/20261204-digits", true, "20261204-digits"),
            ("runs/20261204-digits/", true, "20261204-digits"),
            ("runs/20261204-digits/trace.jsonl", false, "20261204-digits"),
            ("bad/nan.jsonl", false, "nan"),
            ("bad/cut.jsonl", false, "cut"),
            ("logs/train.log", false, "train"),
            ("/tmp/x/../y/trace.jsonl", false, "y"),
        ]
        for testCase in cases {
            XCTAssertEqual(ReplayInput.runLabel(path: testCase.path, isDirectory: testCase.isDirectory), testCase.label, testCase.path)
        }
    }

    func testRepeatedLabelsGetNumbers() {
        XCTAssertEqual(ReplayInput.uniqueLabels(["a", "b", "a", "a"]), ["a", "b", "a (2)", "a (3)"])
        XCTAssertEqual(ReplayInput.uniqueLabels(["a", "a", "a (2)"]), ["a", "a (3)", "a (2)"])
    }

    func testFilesInOneFolderKeepTheirNames() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let trace = try String(contentsOfFile: ReplayFixtures.smallRun + "/trace.jsonl", encoding: .utf8)
        try FileManager.default.createDirectory(atPath: scratch.file("bad"), withIntermediateDirectories: true)
        for name in ["nan", "cut"] {
            try trace.write(toFile: scratch.file("bad/\(name).jsonl"), atomically: false, encoding: .utf8)
        }
        let output = scratch.file("chart.svg")

        let status = runReplay(ReplayOptions(
            paths: [scratch.file("bad/nan.jsonl"), scratch.file("bad/cut.jsonl")], output: .export(format: .svg, path: output)
        ))

        XCTAssertEqual(status, 0)
        let svg = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(svg.contains(">opop-top: nan vs cut</text>"), "the title uses the labels")
        // A legend entry is the run's name followed by its event counts.
        XCTAssertTrue(svg.contains(">nan<tspan"), "the legend names the first file")
        XCTAssertTrue(svg.contains(">cut<tspan"), "the legend names the second file")
    }
}
