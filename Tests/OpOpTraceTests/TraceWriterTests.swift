import Foundation
import OpOpTrace
import XCTest

final class TraceWriterTests: XCTestCase {
    /// A configuration under which only `flush` and `close` write.
    private let manualOnly = TraceWriter.Configuration(flushInterval: 3600, wakeRecordCount: 1 << 30, maxPendingRecordCount: 1 << 30)

    func testRecordsArriveInOrder() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink)
        let records: [TraceRecord] = [.header(SampleRecords.header)] + (0..<1000).map { .step(SampleRecords.step($0)) }
            + [.evaluation(SampleRecords.evaluation), .event(SampleRecords.snapshotEvent)]

        for record in records {
            writer.append(record)
        }
        writer.close()

        XCTAssertEqual(sink.records, records)
        XCTAssertTrue(sink.text.hasSuffix("\n"))
        XCTAssertEqual(writer.writtenRecordCount, records.count)
        XCTAssertEqual(writer.droppedRecordCount, 0)
        XCTAssertNil(writer.lastError)
    }

    func testFlushWritesPendingRecords() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: manualOnly)
        defer { writer.close() }

        writer.append(.step(SampleRecords.step(1)))
        writer.append(.step(SampleRecords.step(2)))
        XCTAssertEqual(sink.writeCount, 0, "nothing should be written before the interval or a flush")

        writer.flush()
        XCTAssertEqual(sink.records, [.step(SampleRecords.step(1)), .step(SampleRecords.step(2))])
        XCTAssertEqual(sink.syncCount, 0)

        writer.append(.step(SampleRecords.step(3)))
        writer.flush(sync: true)
        XCTAssertEqual(sink.records.count, 3)
        XCTAssertEqual(sink.syncCount, 1)
    }

    func testFlushIntervalWritesWithoutFlush() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: .init(flushInterval: 0.05, wakeRecordCount: 1 << 30))
        defer { writer.close() }

        writer.append(.step(SampleRecords.step(1)))

        XCTAssertTrue(sink.waitForText { $0.hasSuffix("\n") }, "the interval should write the record without a flush")
        XCTAssertEqual(sink.records, [.step(SampleRecords.step(1))])
    }

    func testWakeRecordCountWritesBeforeInterval() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: .init(flushInterval: 3600, wakeRecordCount: 5))
        defer { writer.close() }

        for step in 0..<5 {
            writer.append(.step(SampleRecords.step(step)))
        }

        XCTAssertTrue(
            sink.waitForText { $0.filter { $0 == "\n" }.count == 5 },
            "the fifth queued record should wake the writer thread"
        )
    }

    func testSmallChunksKeepOrder() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: .init(chunkBytes: 100))
        let records = (0..<50).map { TraceRecord.step(SampleRecords.step($0)) }

        for record in records {
            writer.append(record)
        }
        writer.close()

        XCTAssertEqual(sink.records, records)
        XCTAssertGreaterThanOrEqual(sink.writeCount, 50, "every record is larger than a 100-byte chunk")
    }

    func testCloseIsIdempotentAndDropsLaterRecords() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: manualOnly)
        writer.append(.step(SampleRecords.step(1)))

        let group = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) { writer.close() }
        }
        writer.close()
        group.wait()
        writer.close()

        XCTAssertEqual(sink.closeCount, 1)
        XCTAssertEqual(sink.syncCount, 1, "close should fsync once")
        XCTAssertEqual(sink.records, [.step(SampleRecords.step(1))])

        writer.append(.step(SampleRecords.step(2)))
        writer.flush(sync: true)
        XCTAssertEqual(writer.droppedRecordCount, 1)
        XCTAssertEqual(sink.records.count, 1)
    }

    func testStalledSinkDropsRecordsAndNotesThem() throws {
        let sink = StallingSink()
        let writer = TraceWriter(sink: sink, configuration: .init(flushInterval: 0.01, maxPendingRecordCount: 10))
        defer { writer.close() }

        // The first record's write blocks at the gate; ten more fit in the queue.
        sink.closeGate()
        writer.append(.step(SampleRecords.step(0)))
        XCTAssertTrue(sink.waitUntilWriteBlocks())
        for step in 1...100 {
            writer.append(.step(SampleRecords.step(step)))
        }
        XCTAssertEqual(writer.droppedRecordCount, 90)

        sink.openGate()
        writer.flush()
        writer.append(.step(SampleRecords.step(101)))
        writer.close()

        let records = sink.records
        XCTAssertEqual(records.count, 13)
        XCTAssertEqual(records.prefix(11), ArraySlice((0...10).map { TraceRecord.step(SampleRecords.step($0)) }))
        guard case .event(let note) = records[11] else {
            return XCTFail("expected the drop note after the kept records, found \(records[11])")
        }
        XCTAssertEqual(note.kind, .note)
        XCTAssertEqual(note.step, 10)
        XCTAssertEqual(note.message, "90 trace records were dropped here because writing the trace file fell behind")
        XCTAssertEqual(records.last, .step(SampleRecords.step(101)))
        XCTAssertEqual(writer.droppedRecordCount, 90)
        XCTAssertEqual(writer.writtenRecordCount, 12)
    }

    func testWriteErrorsReportedCountedAndRecovered() {
        let sink = FailingSink(path: "runs/x/trace.jsonl")
        let reported = LockedList<TraceWriterError>()
        let writer = TraceWriter(sink: sink, configuration: manualOnly) { reported.append($0) }
        defer { writer.close() }

        for step in 0..<5 {
            writer.append(.step(SampleRecords.step(step)))
        }
        writer.flush()
        for step in 5..<10 {
            writer.append(.step(SampleRecords.step(step)))
        }
        writer.flush(sync: true)

        XCTAssertEqual(writer.droppedRecordCount, 10)
        XCTAssertEqual(reported.all.count, 1, "one run of failures should be reported once")
        XCTAssertEqual(writer.lastError?.operation, .write)
        XCTAssertEqual(
            writer.lastError?.description,
            "cannot write trace file 'runs/x/trace.jsonl': No space left on device; free disk space or choose another --run-dir"
        )

        sink.isFailing = false
        writer.append(.step(SampleRecords.step(10)))
        writer.flush()

        let records = sink.records
        XCTAssertEqual(records.count, 2)
        guard case .event(let note)? = records.first else {
            return XCTFail("expected a drop note first, found \(records)")
        }
        XCTAssertEqual(note.message, "10 trace records were lost here because writing the trace file failed")
        XCTAssertEqual(note.step, 9)
        XCTAssertEqual(records.last, .step(SampleRecords.step(10)))
        XCTAssertEqual(writer.writtenRecordCount, 1)
    }

    func testFailedChunkNotedBeforeNextChunk() {
        let sink = FlakySink(failingCalls: [3])
        let writer = TraceWriter(sink: sink, configuration: .init(flushInterval: 3600, chunkBytes: 100))

        for step in 0..<5 {
            writer.append(.step(SampleRecords.step(step)))
        }
        writer.close()

        let records = sink.records
        XCTAssertEqual(records.count, 5)
        XCTAssertEqual(Array(records.prefix(2)), [.step(SampleRecords.step(0)), .step(SampleRecords.step(1))])
        guard case .event(let note) = records[2] else {
            return XCTFail("expected the loss note in place of step 2, found \(records[2])")
        }
        XCTAssertEqual(note.step, 2)
        XCTAssertEqual(note.message, "1 trace record was lost here because writing the trace file failed")
        XCTAssertEqual(Array(records.suffix(2)), [.step(SampleRecords.step(3)), .step(SampleRecords.step(4))])
        XCTAssertEqual(writer.droppedRecordCount, 1)
        XCTAssertEqual(writer.writtenRecordCount, 4)
    }

    func testSyncFailureKeepsWrittenRecords() {
        let sink = FailingSink(path: "trace.jsonl", failsSyncOnly: true)
        let writer = TraceWriter(sink: sink, configuration: manualOnly)
        defer { writer.close() }

        writer.append(.step(SampleRecords.step(1)))
        writer.flush(sync: true)

        XCTAssertEqual(sink.records, [.step(SampleRecords.step(1))])
        XCTAssertEqual(writer.writtenRecordCount, 1)
        XCTAssertEqual(writer.droppedRecordCount, 0)
        XCTAssertEqual(writer.lastError?.operation, .sync)
        XCTAssertEqual(
            writer.lastError?.description,
            "cannot flush trace file to disk 'trace.jsonl': Input/output error; check the disk or choose another --run-dir"
        )
    }

    func testFullDiskReportedWithPath() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            throw XCTSkip("/dev/full is not available")
        }
        let reported = LockedList<TraceWriterError>()
        let writer = try TraceWriter(path: "/dev/full", configuration: manualOnly) { reported.append($0) }

        writer.append(.step(SampleRecords.step(1)))
        writer.flush()
        writer.close()

        XCTAssertEqual(writer.lastError?.code, ENOSPC)
        XCTAssertEqual(writer.lastError?.path, "/dev/full")
        XCTAssertEqual(writer.droppedRecordCount, 1)
        XCTAssertEqual(reported.all.first?.operation, .write)
    }

    func testOpenFailureNamesPath() {
        let path = "/nonexistent-opop-dir/trace.jsonl"

        XCTAssertThrowsError(try TraceWriter(path: path)) { error in
            let writerError = error as? TraceWriterError
            XCTAssertEqual(writerError?.operation, .open)
            XCTAssertEqual(writerError?.code, ENOENT)
            XCTAssertEqual(
                writerError?.description,
                "cannot open trace file '\(path)': No such file or directory; check that the run directory exists or choose another --run-dir"
            )
        }
    }

    func testFileWriterFeedsReader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("trace.jsonl")
        let writer = try TraceWriter(path: path, configuration: manualOnly)
        let reader = TraceReader(path: path)

        writer.append(.header(SampleRecords.header))
        writer.append(.step(SampleRecords.step(1)))
        writer.flush()
        XCTAssertEqual(try reader.readAvailable(), [.header(SampleRecords.header), .step(SampleRecords.step(1))])

        writer.append(.step(SampleRecords.step(2)))
        writer.close()
        XCTAssertEqual(try reader.readToEnd(), [.step(SampleRecords.step(2))])
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testConcurrentAppendsKeepEachThreadsOrder() {
        let sink = MemorySink()
        let writer = TraceWriter(sink: sink, configuration: .init(flushInterval: 0.01, wakeRecordCount: 256))
        let threads = 4
        let perThread = 2000

        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                writer.append(.step(SampleRecords.step(thread * 1_000_000 + index, groups: 1)))
            }
        }
        writer.close()

        let steps = sink.records.compactMap { record -> Int? in
            guard case .step(let step) = record else { return nil }
            return step.step
        }
        XCTAssertEqual(steps.count, threads * perThread)
        for thread in 0..<threads {
            let own = steps.filter { $0 / 1_000_000 == thread }
            XCTAssertEqual(own, (0..<perThread).map { thread * 1_000_000 + $0 }, "thread \(thread)")
        }
    }
}
