import Foundation
import OpOpTrace
import XCTest

final class TraceReaderTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var tracePath: String!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        tracePath = directory.file("trace.jsonl")
    }

    override func tearDown() {
        directory.remove()
    }

    func testReadsCompleteLines() throws {
        try write(SampleRecords.all.map(line).joined())
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), SampleRecords.all)
        XCTAssertEqual(try reader.readAvailable(), [])
        XCTAssertEqual(reader.lineCount, SampleRecords.all.count)
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testHalfLineHeldUntilNewline() throws {
        let header = line(.header(SampleRecords.header))
        let step = line(.step(SampleRecords.step(1)))
        let cut = step.index(step.startIndex, offsetBy: 30)
        try write(header + step[..<cut])
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.header(SampleRecords.header)])
        XCTAssertEqual(try reader.readAvailable(), [])

        try append(String(step[cut...]))
        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testLineSplitAcrossManyChunks() throws {
        try write(SampleRecords.all.map(line).joined())
        let reader = TraceReader(path: tracePath, chunkBytes: 7)

        XCTAssertEqual(try reader.readAvailable(), SampleRecords.all)
    }

    func testLastLineWithoutNewlineTakenAtEnd() throws {
        let last = TraceEncoder.encode(.event(SampleRecords.snapshotEvent))
        try write(line(.header(SampleRecords.header)) + last)
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.header(SampleRecords.header)])
        XCTAssertEqual(try reader.readToEnd(), [.event(SampleRecords.snapshotEvent)])
        XCTAssertEqual(try reader.readToEnd(), [])
    }

    func testCorruptLinesSkippedAndCounted() throws {
        try write(
            line(.header(SampleRecords.header))
                + "{\"type\":\"step\",\"step\":1,\"ti\n"
                + line(.step(SampleRecords.step(2)))
                + "not json at all\n"
                + line(.step(SampleRecords.step(3)))
        )
        let reader = TraceReader(path: tracePath)

        let records = try reader.readAvailable()

        XCTAssertEqual(records, [.header(SampleRecords.header), .step(SampleRecords.step(2)), .step(SampleRecords.step(3))])
        XCTAssertEqual(reader.corruptLineCount, 2)
        XCTAssertEqual(reader.lastCorruption?.lineNumber, 4)
        XCTAssertEqual(reader.lineCount, 5)
    }

    func testBlankLinesIgnored() throws {
        try write("\n" + line(.step(SampleRecords.step(1))) + "  \r\n\t\n" + line(.step(SampleRecords.step(2))))
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1)), .step(SampleRecords.step(2))])
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testCRLFLineEndingsAccepted() throws {
        try write(TraceEncoder.encode(.step(SampleRecords.step(1))) + "\r\n")
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])
    }

    func testUnknownRecordsSkippedAndCounted() throws {
        try write(#"{"type":"histogram","bins":[1]}"# + "\n" + line(.step(SampleRecords.step(1))))
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])
        XCTAssertEqual(reader.skippedRecordCount, 1)
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testTruncationDetectedAndReread() throws {
        try write(SampleRecords.all.map(line).joined())
        let reader = TraceReader(path: tracePath)
        XCTAssertEqual(try reader.readAvailable().count, SampleRecords.all.count)

        let restarted = line(.step(SampleRecords.step(9)))
        try write(restarted)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(9))])
        XCTAssertEqual(reader.restartCount, 1)
        XCTAssertEqual(reader.lineCount, 1)
    }

    func testRewriteInPlaceDetected() throws {
        try write(line(.step(SampleRecords.step(1))))
        let reader = TraceReader(path: tracePath)
        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])

        // Same inode, and not shorter than before, but different first bytes.
        try write(line(.step(SampleRecords.step(2))) + line(.step(SampleRecords.step(3))))

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(2)), .step(SampleRecords.step(3))])
        XCTAssertEqual(reader.restartCount, 1)
    }

    func testReplacementDetectedByInode() throws {
        try write(line(.step(SampleRecords.step(1))))
        let reader = TraceReader(path: tracePath)
        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])

        let replacement = directory.file("replacement.jsonl")
        let content = line(.step(SampleRecords.step(1))) + line(.step(SampleRecords.step(5)))
        try Data(content.utf8).write(to: URL(fileURLWithPath: replacement))
        XCTAssertEqual(rename(replacement, tracePath), 0)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1)), .step(SampleRecords.step(5))])
        XCTAssertEqual(reader.restartCount, 1)
    }

    func testMissingFileReadsEmptyUntilCreated() throws {
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [])

        try write(line(.step(SampleRecords.step(1))))
        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])
    }

    func testMissingFileAtEndThrows() {
        let reader = TraceReader(path: tracePath)

        XCTAssertThrowsError(try reader.readToEnd()) { error in
            XCTAssertEqual(error as? TraceReaderError, .notFound(path: tracePath))
        }
    }

    func testDirectoryPathThrows() {
        let reader = TraceReader(path: directory.path)

        XCTAssertThrowsError(try reader.readAvailable()) { error in
            XCTAssertEqual(error as? TraceReaderError, .openFailed(path: directory.path, reason: "it is a directory, not a file"))
        }
    }

    func testNewerVersionThrowsAndStaysFailed() throws {
        let newer = TraceEncoder.encode(.header(SampleRecords.header)).replacingOccurrences(of: #""version":1"#, with: #""version":2"#)
        try write(newer + "\n" + line(.step(SampleRecords.step(1))))
        let reader = TraceReader(path: tracePath)
        let expected = TraceReaderError.unreadableTrace(
            path: tracePath,
            TraceDecodingError(lineNumber: 1, problem: .unsupportedVersion(found: 2, supported: 1))
        )

        XCTAssertThrowsError(try reader.readAvailable()) { error in
            XCTAssertEqual(error as? TraceReaderError, expected)
        }
        XCTAssertThrowsError(try reader.readAvailable()) { error in
            XCTAssertEqual(error as? TraceReaderError, expected)
        }
    }

    func testRecordsBeforeFatalLineReturnedFirst() throws {
        try write(line(.step(SampleRecords.step(1))) + #"{"type":"header","format":"csv","version":1}"# + "\n")
        let reader = TraceReader(path: tracePath)

        XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1))])
        XCTAssertThrowsError(try reader.readAvailable()) { error in
            guard case .unreadableTrace(_, let decodingError)? = error as? TraceReaderError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(decodingError.problem, .notATrace(format: "csv"))
        }
    }

    func testOverlongLineSkipped() throws {
        let long = "{\"type\":\"note\",\"text\":\"" + String(repeating: "x", count: 2000) + "\"}\n"
        try write(line(.step(SampleRecords.step(1))) + long + line(.step(SampleRecords.step(2))))
        XCTAssertLessThan(line(.step(SampleRecords.step(1))).utf8.count, 500)

        // Small chunks deliver the long line in pieces, and one large chunk delivers it whole.
        for chunkBytes in [64, 1 << 20] {
            let reader = TraceReader(path: tracePath, maxLineBytes: 500, chunkBytes: chunkBytes)

            XCTAssertEqual(try reader.readAvailable(), [.step(SampleRecords.step(1)), .step(SampleRecords.step(2))], "chunk \(chunkBytes)")
            XCTAssertEqual(reader.corruptLineCount, 1, "chunk \(chunkBytes)")
            XCTAssertEqual(reader.lastCorruption?.lineNumber, 2, "chunk \(chunkBytes)")
            XCTAssertEqual(reader.lineCount, 3, "chunk \(chunkBytes)")
        }
    }

    func testFollowsGrowingFile() throws {
        let reader = TraceReader(path: tracePath)
        var received: [TraceRecord] = []
        var expected: [TraceRecord] = [.header(SampleRecords.header)]
        try write(line(.header(SampleRecords.header)))

        for step in 0..<50 {
            let record = TraceRecord.step(SampleRecords.step(step))
            expected.append(record)
            let text = line(record)
            let half = text.index(text.startIndex, offsetBy: text.count / 2)
            try append(String(text[..<half]))
            received += try reader.readAvailable()
            try append(String(text[half...]))
            received += try reader.readAvailable()
        }

        XCTAssertEqual(received, expected)
        XCTAssertEqual(reader.corruptLineCount, 0)
        XCTAssertEqual(reader.restartCount, 0)
    }

    private func line(_ record: TraceRecord) -> String {
        TraceEncoder.encode(record) + "\n"
    }

    /// Replaces the file's content in place, keeping its inode.
    private func write(_ text: String) throws {
        let handle = FileHandle(forWritingAtPath: tracePath)
        if let handle {
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } else {
            XCTAssertTrue(FileManager.default.createFile(atPath: tracePath, contents: Data(text.utf8)))
        }
    }

    private func append(_ text: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: tracePath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
