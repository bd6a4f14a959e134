import Foundation
import OpOpTrace
import XCTest

final class OpenRunTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private var headerLine: String {
        TraceEncoder.encode(.header(SampleRecords.header)) + "\n"
    }

    private func makeDirectory(_ name: String) throws -> String {
        let path = directory.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func makeFile(_ name: String, _ content: String) throws -> String {
        let path = directory.file(name)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(content.utf8)), path)
        return path
    }

    private func assertOpens(
        _ path: String, as kind: OpenedRun.Kind, runDirectory: String?, source expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let opened = try openRun(path: path)
            XCTAssertEqual(opened.kind, kind, file: file, line: line)
            XCTAssertEqual(opened.runDirectory, runDirectory, file: file, line: line)
            XCTAssertEqual(opened.source.path, expected, file: file, line: line)
            XCTAssertTrue(kind == .trace ? opened.source is TraceReader : opened.source is OpopLogReader, file: file, line: line)
        } catch {
            XCTFail("\(path): \(error)", file: file, line: line)
        }
    }

    private func assertRejects(_ path: String, _ expected: RunPathError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try openRun(path: path), file: file, line: line) { error in
            XCTAssertEqual(error as? RunPathError, expected, file: file, line: line)
        }
    }

    func testRunDirectoryWithTrace() throws {
        let run = try makeDirectory("run")
        _ = try makeFile("run/trace.jsonl", headerLine)

        assertOpens(run, as: .trace, runDirectory: run, source: run + "/trace.jsonl")
    }

    func testWaitingRunDirectories() throws {
        let withSnapshots = try makeDirectory("a/snapshots")
        _ = withSnapshots
        let withSocket = try makeDirectory("b")
        _ = try makeFile("b/control.sock", "")
        let empty = try makeDirectory("c")

        for run in [directory.file("a"), withSocket, empty] {
            assertOpens(run, as: .trace, runDirectory: run, source: run + "/trace.jsonl")
        }
    }

    func testDirectoryOfOtherFilesRejected() throws {
        let other = try makeDirectory("photos")
        _ = try makeFile("photos/cat.jpg", "x")

        assertRejects(other, .notARun(path: other))
    }

    func testTraceFile() throws {
        _ = try makeDirectory("run")
        let trace = try makeFile("run/trace.jsonl", "\n" + headerLine)
        let copied = try makeFile("copy.jsonl", headerLine)
        let empty = try makeFile("new.jsonl", "")

        assertOpens(trace, as: .trace, runDirectory: directory.file("run"), source: trace)
        assertOpens(copied, as: .trace, runDirectory: directory.path, source: copied)
        assertOpens(empty, as: .trace, runDirectory: directory.path, source: empty)
    }

    func testNewerTraceVersionRejected() throws {
        let newer = headerLine.replacingOccurrences(of: "\"version\":1", with: "\"version\":99")
        let path = try makeFile("newer.jsonl", newer)

        XCTAssertThrowsError(try openRun(path: path)) { error in
            guard case .unsupportedTrace(let reported, let reason) = error as? RunPathError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(reported, path)
            XCTAssertTrue(reason.contains("99"), reason)
        }
    }

    func testRunDirectoryWithNewerTraceRejected() throws {
        let newer = headerLine.replacingOccurrences(of: "\"version\":1", with: "\"version\":99")
        let directory = try makeDirectory("v99")
        let trace = try makeFile("v99/trace.jsonl", newer)

        XCTAssertThrowsError(try openRun(path: directory)) { error in
            guard case .unsupportedTrace(let reported, let reason) = error as? RunPathError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(reported, trace)
            XCTAssertTrue(reason.contains("99"), reason)
        }
    }

    func testOpopLogs() throws {
        let banner = try makeFile("banner.txt", "Loading model\nOptimizer: AdamW\n[5/100] 5% loss=2 acc=0 ~9s remaining\n")
        let evalOnly = try makeFile("eval.out", "[eval] top1=1% top5=2% (10 tok)\n")
        let emptyLog = try makeFile("empty.log", "")
        let startingLog = try makeFile("starting.log", "Loading model\n")
        let missingLog = directory.file("later.log")

        for path in [banner, evalOnly, emptyLog, startingLog, missingLog] {
            assertOpens(path, as: .opopLog, runDirectory: nil, source: path)
        }
    }

    func testOtherFilesRejected() throws {
        let text = try makeFile("notes.txt", "just some notes\n")
        let json = try makeFile("data.json", "{\"a\":1}\n")
        let emptyText = try makeFile("empty.txt", "")

        for path in [text, json, emptyText] {
            assertRejects(path, .notARun(path: path))
        }
    }

    func testMissingAndEmptyPaths() {
        let missing = directory.file("nothing-here")

        assertRejects(missing, .notFound(path: missing))
        assertRejects("", .emptyPath)
    }

    func testErrorMessages() {
        XCTAssertEqual(
            RunPathError.notARun(path: "x.bin").description,
            "'x.bin' is not a run directory or a known log: expected a directory with trace.jsonl, "
                + "an opop-trace JSON Lines file, or an opop text log with lines like '[120/50000] … loss=…'"
        )
        XCTAssertEqual(
            RunPathError.notFound(path: "runs/x").description,
            "'runs/x' does not exist; name a run directory, a trace file or an opop text log"
        )
        XCTAssertEqual(
            RunPathError.noRuns(directory: "./runs").description,
            "no runs under ./runs; start one with 'opop-top run' or name a run directory"
        )
    }

    func testNewestRunPicksLatestTrace() throws {
        let runs = try makeDirectory("runs")
        _ = try makeDirectory("runs/20250101-000000-digits/snapshots")
        _ = try makeFile("runs/20250101-000000-digits/trace.jsonl", headerLine)
        _ = try makeDirectory("runs/20250102-000000-digits/snapshots")
        _ = try makeFile("runs/20250102-000000-digits/trace.jsonl", headerLine)
        _ = try makeDirectory("runs/not-a-run")
        _ = try makeFile("runs/not-a-run/readme.txt", "x")

        // The older name has the newer trace.
        try setModificationTime(runs + "/20250102-000000-digits/trace.jsonl", 1_000_000)
        try setModificationTime(runs + "/20250101-000000-digits/trace.jsonl", 2_000_000)

        XCTAssertEqual(try newestRun(under: runs), runs + "/20250101-000000-digits")
    }

    func testNewestRunCountsWaitingRun() throws {
        let runs = try makeDirectory("runs")
        _ = try makeDirectory("runs/old/snapshots")
        _ = try makeFile("runs/old/trace.jsonl", headerLine)
        try setModificationTime(runs + "/old/trace.jsonl", 1_000_000)
        _ = try makeDirectory("runs/starting/snapshots")
        _ = try makeFile("runs/starting/control.sock", "")

        XCTAssertEqual(try newestRun(under: runs), runs + "/starting")
    }

    func testNewestRunSkipsRunWithoutTraceOrSocket() throws {
        let runs = try makeDirectory("runs")
        _ = try makeDirectory("runs/old/snapshots")
        _ = try makeFile("runs/old/trace.jsonl", headerLine)
        try setModificationTime(runs + "/old/trace.jsonl", 1_000_000)
        // What a command that exited before recording leaves behind.
        _ = try makeDirectory("runs/exited/snapshots")
        _ = try makeFile("runs/exited/output.log", "hello\n")

        XCTAssertEqual(try newestRun(under: runs), runs + "/old")
    }

    func testNewestRunWithoutRuns() throws {
        let empty = try makeDirectory("runs")
        let missing = directory.file("absent")

        XCTAssertThrowsError(try newestRun(under: empty)) { error in
            XCTAssertEqual(error as? RunPathError, .noRuns(directory: empty))
        }
        XCTAssertThrowsError(try newestRun(under: missing)) { error in
            XCTAssertEqual(error as? RunPathError, .noRuns(directory: missing))
        }
    }

    private func setModificationTime(_ path: String, _ seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: path)
    }
}
