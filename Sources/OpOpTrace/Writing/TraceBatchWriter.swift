import Foundation

/// The writer thread's half of `TraceWriter`: encodes batches of records and writes them
/// to the sink in chunks.
///
/// It also keeps the trace honest about gaps. When a chunk fails to write, its records
/// are lost, and the next chunk starts with a `note` event that gives their count. Records
/// the trainer dropped because the queue was full get a note after the batch they
/// follow.
///
/// Only the writer thread uses a value of this type.
struct TraceBatchWriter {
    struct Outcome {
        var writtenCount = 0
        var droppedCount = 0
        /// The last error of the batch, if any.
        var failure: TraceWriterError?
    }

    private let sink: any TraceSink
    private let chunkBytes: Int
    private let errorHandler: (@Sendable (TraceWriterError) -> Void)?

    private var chunk: [UInt8] = []
    private var chunkRecordCount = 0
    /// Drops that the notes in the current chunk report; they count as lost again if
    /// the chunk fails.
    private var chunkReportedCount = 0
    /// The step of the latest record encoded, where a note about a later gap belongs.
    private var lastStep = 0
    /// Records of failed writes that no written note reports yet.
    private var lostCount = 0
    private var lostAfterStep = 0
    private var isFailing = false

    init(sink: any TraceSink, chunkBytes: Int, errorHandler: (@Sendable (TraceWriterError) -> Void)?) {
        self.sink = sink
        self.chunkBytes = chunkBytes
        self.errorHandler = errorHandler
        chunk.reserveCapacity(chunkBytes + 64 << 10)
    }

    /// Encodes and writes `records`, then a note about `overflowCount` records dropped
    /// after them, then syncs if requested and every write succeeded.
    mutating func write(_ records: [TraceRecord], overflowCount: Int, sync: Bool) -> Outcome {
        var outcome = Outcome()

        startChunkIfNeeded()
        for record in records {
            startChunkIfNeeded()
            TraceEncoder.append(record, to: &chunk)
            chunk.append(UInt8(ascii: "\n"))
            chunkRecordCount += 1
            if let step = record.stepNumber {
                lastStep = step
            }
            if chunk.count >= chunkBytes {
                writeChunk(into: &outcome)
            }
        }

        if overflowCount > 0 {
            startChunkIfNeeded()
            appendNote(count: overflowCount, reason: "dropped here because writing the trace file fell behind")
        }
        writeChunk(into: &outcome)

        // After a failed write, a sync would only replace its error with a vaguer one.
        if sync && outcome.failure == nil {
            do {
                try sink.synchronize()
            } catch {
                report(error, into: &outcome)
            }
        }
        return outcome
    }

    /// Closes the sink and returns its error, if any.
    mutating func close() -> TraceWriterError? {
        do {
            try sink.close()
            return nil
        } catch {
            errorHandler?(error)
            return error
        }
    }

    /// Puts a note about lost records at the start of an empty chunk.
    private mutating func startChunkIfNeeded() {
        guard chunk.isEmpty, lostCount > 0 else {
            return
        }
        let count = lostCount
        lostCount = 0
        appendNote(count: count, reason: "lost here because writing the trace file failed", afterStep: lostAfterStep)
    }

    private mutating func appendNote(count: Int, reason: String, afterStep step: Int? = nil) {
        let noun = count == 1 ? "record was" : "records were"
        let note = EventRecord(
            step: step ?? lastStep, wallTime: Date().timeIntervalSince1970, kind: .note,
            message: "\(count) trace \(noun) \(reason)"
        )
        TraceEncoder.append(.event(note), to: &chunk)
        chunk.append(UInt8(ascii: "\n"))
        chunkReportedCount += count
    }

    private mutating func writeChunk(into outcome: inout Outcome) {
        guard !chunk.isEmpty else {
            return
        }

        let result = chunk.withUnsafeBytes { buffer in
            Result { () throws(TraceWriterError) in try sink.write(buffer) }
        }
        switch result {
        case .success:
            outcome.writtenCount += chunkRecordCount
            isFailing = false
        case .failure(let error):
            // The chunk's records are lost, and so are the drops its notes reported;
            // the next chunk's note covers them all.
            outcome.droppedCount += chunkRecordCount
            lostCount += chunkRecordCount + chunkReportedCount
            lostAfterStep = lastStep
            report(error, into: &outcome)
        }

        chunk.removeAll(keepingCapacity: true)
        chunkRecordCount = 0
        chunkReportedCount = 0
    }

    /// Records the error, and calls the handler once per run of failures.
    private mutating func report(_ error: TraceWriterError, into outcome: inout Outcome) {
        outcome.failure = error
        if !isFailing {
            errorHandler?(error)
        }
        isFailing = true
    }
}

extension TraceRecord {
    /// The step a record belongs to; nil for the header.
    var stepNumber: Int? {
        switch self {
        case .header: return nil
        case .step(let record): return record.step
        case .evaluation(let record): return record.step
        case .event(let record): return record.step
        }
    }
}
