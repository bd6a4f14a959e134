import XCTest
@testable import OpOpTopApp

/// The replay command line: traces, --summary and --export, and their errors.
final class ReplayParserTests: XCTestCase {
    private let parser = InvocationParser(catalog: testCatalog)

    func testValidReplayCommandLines() throws {
        let cases: [(id: String, arguments: [String], expected: ReplayOptions)] = [
            ("one run", ["replay", "runs/a"], ReplayOptions(paths: ["runs/a"])),
            ("three runs", ["replay", "a", "b", "c"], ReplayOptions(paths: ["a", "b", "c"])),
            ("summary", ["replay", "--summary", "a", "b"], ReplayOptions(paths: ["a", "b"], output: .summary)),
            ("svg export after traces", ["replay", "a", "--export", "svg", "out.svg"],
             ReplayOptions(paths: ["a"], output: .export(format: .svg, path: "out.svg"))),
            ("csv export before traces", ["replay", "--export=CSV", "out.csv", "a", "b"],
             ReplayOptions(paths: ["a", "b"], output: .export(format: .csv, path: "out.csv"))),
            ("many runs for summary", ["replay", "--summary"] + (1...9).map { "r\($0)" },
             ReplayOptions(paths: (1...9).map { "r\($0)" }, output: .summary)),
        ]
        for testCase in cases {
            XCTAssertEqual(try parser.parse(testCase.arguments), .replay(testCase.expected), testCase.id)
        }
    }

    func testRejectedReplayCommandLines() {
        let cases: [(id: String, arguments: [String], message: String)] = [
            ("no trace", ["replay"],
             "missing trace for replay; give one or more run directories, trace files or opop text logs, as in 'opop-top replay runs/my-run'"),
            ("unknown format", ["replay", "a", "--export", "png", "x.png"],
             "unknown export format 'png' for --export; choose svg or csv"),
            ("near-miss format", ["replay", "a", "--export", "svgz", "x"],
             "unknown export format 'svgz' for --export; choose svg or csv; did you mean 'svg'?"),
            ("export without file", ["replay", "--export", "svg"],
             "missing file after '--export svg'; write '--export svg FILE' before or after the traces"),
            ("export without format", ["replay", "a", "--export"],
             "missing value for --export; expected svg or csv, then the file to write"),
            ("summary and export", ["replay", "--summary", "--export", "csv", "x.csv", "a"],
             "--summary and --export cannot be combined; run replay once for each"),
            ("too many overlaid runs", ["replay"] + (1...7).map { "r\($0)" },
             "replay overlays at most 6 runs, but got 7; give fewer, or use --summary or --export for more"),
            ("run option", ["replay", "a", "--steps", "3"],
             "unknown option '--steps'; run 'opop-top --help' for the list of options"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try parser.parse(testCase.arguments), testCase.id) { error in
                XCTAssertEqual((error as? UsageError)?.message, testCase.message, testCase.id)
            }
        }
    }
}
