import Foundation
import OpOpTrace
import XCTest

/// Writers that stop in the middle of a line: a slow write in two halves, and a writer
/// killed with SIGKILL. Both readers must hold a half line, never count it as corrupt
/// while it may still be completed, and lose no complete line.
final class ReaderTornWriteTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    func testTraceRecordWrittenInTwoHalves() throws {
        let path = directory.file("trace.jsonl")
        let header = TraceEncoder.encode(.header(SampleRecords.header)) + "\n"
        let step = TraceEncoder.encode(.step(SampleRecords.step(1))) + "\n"
        let reader = TraceReader(path: path)

        let (records, pollsWhileHalf) = try followSlowWriter(path: path, whole: header, halves: split(step), source: reader)

        XCTAssertEqual(records, [.header(SampleRecords.header), .step(SampleRecords.step(1))])
        XCTAssertEqual(reader.corruptLineCount, 0)
        XCTAssertGreaterThan(pollsWhileHalf, 3, "the reader should have polled while only half the line existed")
    }

    func testLogLineWrittenInTwoHalves() throws {
        let path = directory.file("train.log")
        let first = "[1/9] 1% loss=2 acc=0 | brain: p=1x/1u m=1x/1u r=0 ~9s remaining\n"
        let second = "[2/9] 2% loss=1.5 acc=0 | brain: p=0.5x/1u m=2x/1u r=0.25 ~8s remaining\n"
        let reader = OpopLogReader(path: path)

        let (records, pollsWhileHalf) = try followSlowWriter(path: path, whole: first, halves: split(second), source: reader)

        XCTAssertEqual(records.compactMap(\.stepLoss), [2, 1.5])
        XCTAssertEqual(reader.corruptLineCount, 0)
        XCTAssertGreaterThan(pollsWhileHalf, 3, "the reader should have polled while only half the line existed")
    }

    func testKilledTraceWriterLosesNoCompleteLine() throws {
        let path = directory.file("trace.jsonl")
        let header = TraceEncoder.encode(.header(TraceHeader(
            runName: "killed", workload: "test", groupNames: ["a"], optimizer: "sgd",
            optimizerSettings: [:], brainSettings: [:], startTime: 0
        )))
        // Each step is written in two parts with a pause between, so SIGKILL often lands
        // in the middle of a line.
        let script = """
        import os, sys, time
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.write(fd, (sys.argv[2] + "\\n").encode())
        step = 0
        while True:
            line = '{"type":"step","step":%d,"time":%d.5,"loss":%r,"groups":[{"scale":1.0,"clip":1.0,"dampen":0.0,"grad_norm":0.5}]}\\n' % (step, step, 1.0 / (step + 1))
            half = len(line) // 2
            os.write(fd, line[:half].encode())
            time.sleep(0.001)
            os.write(fd, line[half:].encode())
            step += 1
        """

        let bytes = try runAndKill(script: script, arguments: [path, header], path: path)
        let (complete, partial) = splitLines(bytes)
        XCTAssertGreaterThan(complete.count, 10, "the writer should have written lines in one second")

        for (index, line) in complete.enumerated() {
            XCTAssertNoThrow(try TraceDecoder.decode(line: String(decoding: line, as: UTF8.self)), "line \(index + 1)")
        }
        let reader = TraceReader(path: path)
        let records = try reader.readToEnd()
        XCTAssertEqual(records.count, complete.count + (partial.isEmpty ? 0 : 1) - reader.corruptLineCount)
        XCTAssertLessThanOrEqual(reader.corruptLineCount, partial.isEmpty ? 0 : 1, "only the torn last line may be corrupt")
        XCTAssertEqual(records.compactMap(\.stepNumber), Array(0..<records.compactMap(\.stepNumber).count))
    }

    func testKilledLogWriterLosesNoCompleteLine() throws {
        let path = directory.file("train.log")
        let script = """
        import os, sys, time
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        step = 1
        while True:
            line = "[%d/1000000] 0%% loss=%r acc=0.5 | brain: p=0.34x/2.7u m=1.5x/0.1u r=%r ~99s remaining\\n" % (step, 10.0 / step, -0.001 * step)
            half = len(line) // 2
            os.write(fd, line[:half].encode())
            time.sleep(0.001)
            os.write(fd, line[half:].encode())
            step += 1
        """

        let bytes = try runAndKill(script: script, arguments: [path], path: path)
        let (complete, partial) = splitLines(bytes)
        XCTAssertGreaterThan(complete.count, 10, "the writer should have written lines in one second")

        let reader = OpopLogReader(path: path)
        let live = try reader.readAvailable()
        XCTAssertEqual(live.compactMap(\.stepNumber), Array(1...complete.count), "every complete line is a step")
        XCTAssertEqual(reader.corruptLineCount, 0, "the torn last line is held, not counted")

        let rest = try reader.readToEnd()
        XCTAssertLessThanOrEqual(rest.count + reader.corruptLineCount, partial.isEmpty ? 0 : 1)
    }

    // MARK: - Helpers

    private func split(_ line: String) -> (String, String) {
        let middle = line.index(line.startIndex, offsetBy: line.count / 2)
        return (String(line[..<middle]), String(line[middle...]))
    }

    /// Writes `whole`, then the first half, waits 300 ms, then the second half, on a
    /// writer thread, while this thread polls `source` every 10 ms.
    private func followSlowWriter(
        path: String, whole: String, halves: (String, String), source: RecordSource
    ) throws -> (records: [TraceRecord], pollsWhileHalf: Int) {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        let halfWritten = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)

        let writer = Thread {
            handle.write(Data((whole + halves.0).utf8))
            halfWritten.signal()
            Thread.sleep(forTimeInterval: 0.3)
            handle.write(Data(halves.1.utf8))
            done.signal()
        }
        writer.start()

        var records: [TraceRecord] = []
        halfWritten.wait()
        var pollsWhileHalf = 0
        while done.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            records += try source.readAvailable()
            pollsWhileHalf += 1
        }
        records += try source.readAvailable()
        try handle.close()
        return (records, pollsWhileHalf)
    }

    /// Runs a Python writer for about a second, kills it with SIGKILL and returns the
    /// bytes it left in `path`.
    private func runAndKill(script: String, arguments: [String], path: String) throws -> [UInt8] {
        let child = try ChildProcess(try python3Path(), arguments: ["-c", script] + arguments)
        Thread.sleep(forTimeInterval: 1)
        XCTAssertEqual(child.kill(), SIGKILL, "the writer should still be running when killed")
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Splits bytes into the lines that end in a newline and the torn rest.
    private func splitLines(_ bytes: [UInt8]) -> (complete: [ArraySlice<UInt8>], partial: ArraySlice<UInt8>) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let partial = lines.removeLast()
        return (lines, partial)
    }
}
