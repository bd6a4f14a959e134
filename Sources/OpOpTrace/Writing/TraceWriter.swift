import Foundation

/// Writes trace records to a sink without making the trainer wait for the disk.
///
/// `append` queues the record under a short lock and returns. A dedicated thread
/// encodes the queued records and writes them to the sink at least every
/// `flushInterval` seconds, sooner once `wakeRecordCount` records are queued. Encoding
/// happens on that thread because turning a step record's Doubles into text costs more
/// than the trainer should pay per step.
///
/// While the sink stalls, the queue grows up to `maxPendingRecordCount` records. Past
/// that, records are dropped and counted, and the next write puts a `note` event at the
/// gap saying how many were dropped.
///
/// Write errors (a full disk) never reach the trainer. They are kept in `lastError` and
/// passed to the error handler, and the records of the failed write count as dropped.
///
/// Call `close()` when the run ends. The thread keeps the writer alive until then, and
/// records still queued are lost if the process exits first.
public final class TraceWriter: @unchecked Sendable {
    // @unchecked: every mutable stored property is guarded by `condition`; the sink is
    // used only on the writer thread.

    public struct Configuration: Sendable, Equatable {
        /// The maximum time, in seconds, an appended record waits before the writer
        /// thread writes it. Values below 0.001 count as 0.001.
        public var flushInterval: Double
        /// Queued records that wake the writer thread before the interval ends; at least 1.
        public var wakeRecordCount: Int
        /// The maximum number of records queued while the sink is busy; beyond it
        /// records are dropped. At least 1.
        public var maxPendingRecordCount: Int
        /// The bytes the writer thread encodes before it hands them to the sink in one
        /// write; at least 1.
        public var chunkBytes: Int

        public init(
            flushInterval: Double = 0.5,
            wakeRecordCount: Int = 4096,
            maxPendingRecordCount: Int = 65_536,
            chunkBytes: Int = 1 << 20
        ) {
            self.flushInterval = flushInterval
            self.wakeRecordCount = wakeRecordCount
            self.maxPendingRecordCount = maxPendingRecordCount
            self.chunkBytes = chunkBytes
        }
    }

    /// The sink's path, for messages.
    public let path: String

    private let configuration: Configuration
    private let condition = NSCondition()

    /// Records not yet taken by the writer thread.
    private var pending: [TraceRecord] = []
    /// Set once a record was dropped, so later records drop too until the writer thread
    /// takes the queue. The gap in the trace then ends where the note is.
    private var isDropping = false
    /// Records dropped because the queue was full, which no note reports yet.
    private var overflowCount = 0
    private var droppedTotal = 0
    private var writtenTotal = 0
    private var latestError: TraceWriterError?

    /// Flush requests are numbered, and the writer thread completes them in order.
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
        var configuration = configuration
        if !(configuration.flushInterval >= 0.001) {
            configuration.flushInterval = 0.001
        }
        configuration.wakeRecordCount = max(configuration.wakeRecordCount, 1)
        configuration.maxPendingRecordCount = max(configuration.maxPendingRecordCount, 1)
        configuration.chunkBytes = max(configuration.chunkBytes, 1)

        self.path = sink.path
        self.configuration = configuration
        pending.reserveCapacity(min(configuration.maxPendingRecordCount, configuration.wakeRecordCount, 4096))

        let batchWriter = TraceBatchWriter(sink: sink, chunkBytes: configuration.chunkBytes, errorHandler: errorHandler)
        let thread = Thread { [self] in
            runWriterLoop(batchWriter)
        }
        thread.name = "opop-trace-writer"
        thread.start()
    }

    /// Records dropped because the queue was full, a write failed, or they arrived after
    /// `close()`. After a failed write some of them may have reached the file in part.
    public var droppedRecordCount: Int {
        condition.withLock { droppedTotal }
    }

    /// Records the sink accepted.
    public var writtenRecordCount: Int {
        condition.withLock { writtenTotal }
    }

    /// The most recent write error. It stays set after writing recovers.
    public var lastError: TraceWriterError? {
        condition.withLock { latestError }
    }

    /// Queues the record for the writer thread.
    ///
    /// It never waits for the disk, because the writer thread holds the lock only to
    /// take the queue, never while it encodes or writes. Thread-safe.
    public func append(_ record: TraceRecord) {
        condition.lock()
        defer { condition.unlock() }

        if isClosing {
            droppedTotal += 1
            return
        }
        if isDropping || pending.count >= configuration.maxPendingRecordCount {
            isDropping = true
            droppedTotal += 1
            overflowCount += 1
            return
        }

        pending.append(record)
        if pending.count == configuration.wakeRecordCount {
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

    /// Writes what is queued, syncs, closes the sink and ends the thread.
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

    private func runWriterLoop(_ batchWriter: TraceBatchWriter) {
        var batchWriter = batchWriter
        var batch: [TraceRecord] = []

        condition.lock()
        var deadline = Date(timeIntervalSinceNow: configuration.flushInterval)
        while true {
            while !isClosing && completedFlushNumber == flushRequestCount && pending.count < configuration.wakeRecordCount {
                if !condition.wait(until: deadline) {
                    break
                }
            }

            swap(&pending, &batch)
            let overflow = overflowCount
            overflowCount = 0
            isDropping = false
            let flushNumber = flushRequestCount
            let needsSync = syncRequestNumber > completedFlushNumber || isClosing
            let isLastRound = isClosing
            condition.unlock()

            let outcome = batchWriter.write(batch, overflowCount: overflow, sync: needsSync)
            batch.removeAll(keepingCapacity: true)

            condition.lock()
            writtenTotal += outcome.writtenCount
            droppedTotal += outcome.droppedCount
            if let failure = outcome.failure {
                latestError = failure
            }
            completedFlushNumber = flushNumber
            condition.broadcast()

            if isLastRound {
                break
            }
            deadline = Date(timeIntervalSinceNow: configuration.flushInterval)
        }
        condition.unlock()

        let closeFailure = batchWriter.close()

        condition.lock()
        if let closeFailure {
            latestError = closeFailure
        }
        hasThreadExited = true
        condition.broadcast()
        condition.unlock()
    }
}
