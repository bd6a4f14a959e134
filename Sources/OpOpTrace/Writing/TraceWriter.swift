import Foundation

/// Writes trace records to a sink without making the trainer wait for the disk.
///
/// `append` encodes the record into an in-memory buffer under a short lock and returns.
/// A dedicated thread writes that buffer to the sink at least every `flushInterval`
/// seconds, sooner once `wakeBytes` are pending. While the sink stalls, the buffer grows
/// up to `maxPendingBytes`. Past that, records are dropped and counted, and when the next
/// write starts, a `note` event saying how many were dropped goes into the trace at the
/// gap.
///
/// Write errors (a full disk) never reach the trainer: they are kept in `lastError`,
/// passed to the error handler, and the records of the failed write count as dropped.
///
/// Call `close()` when the run ends. The thread keeps the writer alive until then, and
/// records still in memory are lost if the process exits first.
public final class TraceWriter: @unchecked Sendable {
    // @unchecked: every mutable stored property is guarded by `condition`, except the
    // sink, which only the writer thread calls.

    public struct Configuration: Sendable, Equatable {
        /// The maximum time, in seconds, an appended record waits before the writer
        /// thread hands it to the sink. Values below 0.001 count as 0.001.
        public var flushInterval: Double
        /// Pending bytes that wake the writer thread before the interval ends; at least 1.
        public var wakeBytes: Int
        /// The most encoded bytes held while the sink is busy; beyond it records are
        /// dropped. Memory use peaks near twice this (one buffer being written, one
        /// filling). A single record larger than this is still taken into an empty buffer.
        public var maxPendingBytes: Int

        public init(flushInterval: Double = 0.5, wakeBytes: Int = 256 << 10, maxPendingBytes: Int = 16 << 20) {
            self.flushInterval = flushInterval
            self.wakeBytes = wakeBytes
            self.maxPendingBytes = maxPendingBytes
        }
    }

    /// The sink's path, for messages.
    public let path: String

    private let sink: any TraceSink
    private let configuration: Configuration
    private let errorHandler: (@Sendable (TraceWriterError) -> Void)?
    private let condition = NSCondition()

    /// Encoded lines not yet handed to the writer thread.
    private var pending: [UInt8] = []
    private var pendingRecordCount = 0
    /// Set once a record was dropped, so later records drop too until the writer thread
    /// takes the buffer. The gap in the trace then ends where the note is.
    private var isDropping = false
    private var droppedTotal = 0
    /// Records dropped because the buffer was full, which no note reports yet. The gap
    /// is at the end of `pending`.
    private var overflowCount = 0
    /// Records of failed writes, which no note reports yet. The gap is at the start of
    /// `pending`, after `lostAfterStep`. Only the writer thread changes these two.
    private var lostCount = 0
    private var lostAfterStep = 0
    private var writtenTotal = 0
    private var lastAcceptedStep = 0
    private var latestError: TraceWriterError?

    /// Flush requests are numbered; the writer thread completes them in order.
    private var flushRequestCount = 0
    private var syncRequestNumber = 0
    private var completedFlushNumber = 0

    private var isClosing = false
    private var hasThreadExited = false

    /// Creates the trace file at `path` (appending if it exists) and starts the thread.
    public convenience init(
        path: String,
        configuration: Configuration = Configuration(),
        errorHandler: (@Sendable (TraceWriterError) -> Void)? = nil
    ) throws(TraceWriterError) {
        let sink = try FileTraceSink(path: path)
        self.init(sink: sink, configuration: configuration, errorHandler: errorHandler)
    }

    /// Starts a writer thread that writes to `sink`.
    ///
    /// - Parameter errorHandler: Called on the writer thread when writing starts to fail,
    ///   once per run of failures rather than on every retry, and when closing the sink
    ///   fails. It must return quickly and must not call `flush()` or `close()`, which
    ///   wait for the writer thread.
    public init(
        sink: any TraceSink,
        configuration: Configuration = Configuration(),
        errorHandler: (@Sendable (TraceWriterError) -> Void)? = nil
    ) {
        self.sink = sink
        self.path = sink.path
        var configuration = configuration
        if !(configuration.flushInterval >= 0.001) {
            configuration.flushInterval = 0.001
        }
        configuration.wakeBytes = max(configuration.wakeBytes, 1)
        self.configuration = configuration
        self.errorHandler = errorHandler
        pending.reserveCapacity(min(configuration.maxPendingBytes, configuration.wakeBytes * 2))

        let thread = Thread { [self] in
            runWriterLoop()
        }
        thread.name = "opop-trace-writer"
        thread.start()
    }

    /// Records dropped because the buffer was full, a write failed, or they arrived after
    /// `close()`. After a failed write some of them may have reached the file in part.
    public var droppedRecordCount: Int {
        condition.withLock { droppedTotal }
    }

    /// Records the sink accepted.
    public var writtenRecordCount: Int {
        condition.withLock { writtenTotal }
    }

    /// The most recent write error; it stays set after writing recovers.
    public var lastError: TraceWriterError? {
        condition.withLock { latestError }
    }

    /// Encodes the record into the pending buffer.
    ///
    /// It never waits for the disk, because the writer thread holds the lock only to
    /// swap buffers, never during I/O. Thread-safe.
    public func append(_ record: TraceRecord) {
        condition.lock()
        defer { condition.unlock() }

        guard !isClosing, !isDropping else {
            droppedTotal += 1
            overflowCount += 1
            return
        }

        let start = pending.count
        TraceEncoder.append(record, to: &pending)
        pending.append(UInt8(ascii: "\n"))

        if pending.count > configuration.maxPendingBytes && start > 0 {
            pending.removeSubrange(start...)
            isDropping = true
            droppedTotal += 1
            overflowCount += 1
            return
        }

        pendingRecordCount += 1
        if let step = record.stepNumber {
            lastAcceptedStep = step
        }
        if start < configuration.wakeBytes && pending.count >= configuration.wakeBytes {
            condition.broadcast()
        }
    }

    /// Hands every record appended so far to the sink, and with `sync` makes it durable
    /// (`fsync`), then returns.
    ///
    /// This call waits for the disk, for as long as the disk takes; the trainer uses it
    /// at snapshots. Errors land in `lastError`. Returns at once after `close()`.
    public func flush(sync: Bool = false) {
        condition.lock()
        defer { condition.unlock() }

        guard !hasThreadExited else {
            return
        }
        flushRequestCount += 1
        let number = flushRequestCount
        if sync {
            syncRequestNumber = number
        }
        condition.broadcast()

        while completedFlushNumber < number && !hasThreadExited {
            condition.wait()
        }
    }

    /// Writes what is pending, syncs, closes the sink and ends the thread.
    ///
    /// Safe to call more than once and from several threads; every call returns after
    /// the thread has ended. Records appended later are dropped and counted.
    public func close() {
        condition.lock()
        defer { condition.unlock() }

        isClosing = true
        condition.broadcast()
        while !hasThreadExited {
            condition.wait()
        }
    }

    private func runWriterLoop() {
        var writing: [UInt8] = []
        var isFailing = false

        condition.lock()
        var deadline = Date(timeIntervalSinceNow: configuration.flushInterval)
        while true {
            while !isClosing && completedFlushNumber == flushRequestCount && pending.count < configuration.wakeBytes {
                if !condition.wait(until: deadline) {
                    break
                }
            }

            // Take the buffer, with notes where records are missing: lost writes before
            // it, overflow drops after it.
            let reportedLost = lostCount
            let reportedOverflow = overflowCount
            if reportedLost > 0 {
                var note: [UInt8] = []
                TraceEncoder.append(.event(lossNote(count: reportedLost, afterStep: lostAfterStep)), to: &note)
                note.append(UInt8(ascii: "\n"))
                pending.insert(contentsOf: note, at: 0)
            }
            if reportedOverflow > 0 {
                TraceEncoder.append(.event(overflowNote(count: reportedOverflow, afterStep: lastAcceptedStep)), to: &pending)
                pending.append(UInt8(ascii: "\n"))
            }
            lostCount = 0
            overflowCount = 0
            swap(&pending, &writing)
            let recordCount = pendingRecordCount
            let lastStepWritten = lastAcceptedStep
            pendingRecordCount = 0
            isDropping = false
            let flushNumber = flushRequestCount
            let needsSync = syncRequestNumber > completedFlushNumber || isClosing
            let isLastRound = isClosing
            condition.unlock()

            let outcome = writeToSink(writing, sync: needsSync)
            writing.removeAll(keepingCapacity: true)
            if let failure = outcome.failure, !isFailing {
                errorHandler?(failure)
            }
            isFailing = outcome.failure != nil

            condition.lock()
            if let failure = outcome.failure {
                latestError = failure
            }
            if outcome.wrote {
                writtenTotal += recordCount
            } else {
                // The notes were lost with the records, so the next buffer reports all of
                // them, placed before its first record.
                droppedTotal += recordCount
                lostCount = reportedLost + reportedOverflow + recordCount
                lostAfterStep = lastStepWritten
            }
            completedFlushNumber = flushNumber
            condition.broadcast()

            if isLastRound {
                break
            }
            deadline = Date(timeIntervalSinceNow: configuration.flushInterval)
        }
        condition.unlock()

        closeSink()
    }

    /// Writes the bytes and syncs if requested. `wrote` reports whether the sink took
    /// the bytes, so it stays true when only the sync failed.
    private func writeToSink(_ bytes: [UInt8], sync: Bool) -> (wrote: Bool, failure: TraceWriterError?) {
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                Result { () throws(TraceWriterError) in try sink.write(buffer) }
            }
            if case .failure(let error) = written {
                return (false, error)
            }
        }
        if sync {
            do {
                try sink.synchronize()
            } catch {
                return (true, error)
            }
        }
        return (true, nil)
    }

    private func closeSink() {
        var failure: TraceWriterError?
        do {
            try sink.close()
        } catch {
            failure = error
            errorHandler?(error)
        }

        condition.lock()
        if let failure {
            latestError = failure
        }
        hasThreadExited = true
        condition.broadcast()
        condition.unlock()
    }

    private func lossNote(count: Int, afterStep step: Int) -> EventRecord {
        let noun = count == 1 ? "record was" : "records were"
        return EventRecord(
            step: step, wallTime: Date().timeIntervalSince1970, kind: .note,
            message: "\(count) trace \(noun) lost here because writing the trace file failed"
        )
    }

    private func overflowNote(count: Int, afterStep step: Int) -> EventRecord {
        let noun = count == 1 ? "record was" : "records were"
        return EventRecord(
            step: step, wallTime: Date().timeIntervalSince1970, kind: .note,
            message: "\(count) trace \(noun) dropped here because writing the trace file fell behind"
        )
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
