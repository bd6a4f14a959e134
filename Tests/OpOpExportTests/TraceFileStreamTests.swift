import Foundation
import OpOpExport
import OpOpTrace
import XCTest

final class TraceFileStreamTests: XCTestCase {
    private func streamed(_ path: String, chunkBytes: Int = 1 << 20) throws -> ([TraceRecord], TraceFileStream.Counts) {
        var records: [TraceRecord] = []
        let counts = try TraceFileStream.forEachRecord(path: path, chunkBytes: chunkBytes) { records.append($0) }
        return (records, counts)
    }

    func testMatchesTraceReaderOnFixture() throws {
        let expected = try FixtureTraces.read(FixtureTraces.smallRun).records
        let (records, counts) = try streamed(FixtureTraces.smallRun, chunkBytes: 777)
        XCTAssertEqual(records, expected)
        XCTAssertEqual(counts.corruptLines, 0)
    }

    func testCountsCorruptAndHandlesCRLFAndMissingLastNewline() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opop-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("trace.jsonl").path

        let fixtureLines = try String(contentsOfFile: FixtureTraces.smallRun, encoding: .utf8)
            .split(separator: "\n").prefix(5).map(String.init)
        let text = fixtureLines[0] + "\r\n" + "{broken\n" + "\n" + fixtureLines[1] + "\n"
            + "{\"type\":\"future\",\"x\":1}\n" + fixtureLines[2]
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let reader = TraceReader(path: path)
        let expected = try reader.readToEnd()
        let (records, counts) = try streamed(path, chunkBytes: 16)
        XCTAssertEqual(records, expected)
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(counts.corruptLines, reader.corruptLineCount)
        XCTAssertEqual(counts.corruptLines, 1)
        XCTAssertEqual(counts.skippedRecords, 1)
    }

    func testMissingFileIsNotFound() {
        XCTAssertThrowsError(try streamed("/nonexistent/trace.jsonl")) { error in
            XCTAssertEqual(error as? TraceReaderError, .notFound(path: "/nonexistent/trace.jsonl"))
        }
    }
}
