import Foundation
import OpOpTrace

/// Case "writer": what `TraceWriter.append` costs the trainer thread, and that a sink
/// which stops accepting bytes never makes `append` wait.
func measureWriterCase(_ context: BenchContext) throws -> [Figure] {
    [try measureAppendCost(context: context)] + (try measureStalledSink(context: context))
}

/// A sink that counts lines and drops the bytes, so the figure covers the writer, not a disk.
private final class CountingSink: TraceSink, @unchecked Sendable {
    // @unchecked: `lineCount` changes on the writer thread only and is read after `close()`.
    let path = "counting sink"
    private(set) var lineCount = 0

    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        for byte in bytes where byte == UInt8(ascii: "\n") {
            lineCount += 1
        }
    }

    func synchronize() throws(TraceWriterError) {}

    func close() throws(TraceWriterError) {}
}

/// CPU time of the appending thread per step record with 8 groups.
private func measureAppendCost(context: BenchContext) throws -> Figure {
    let records = TraceRecords.steps(count: 1_000, groups: 8).map { TraceRecord.step($0) }
    let count = context.size(quick: 20_000, full: 200_000)
    var costs: [Double] = []

    for _ in 0..<context.repetitions {
        let sink = CountingSink()
        // The loop outruns the writer thread, so the queue must hold every record.
        let writer = TraceWriter(sink: sink, configuration: .init(maxPendingRecordCount: count + 1))
        let clock = Stopwatch()
        for index in 0..<count {
            writer.append(records[index % records.count])
        }
        costs.append(clock.cpuSeconds / Double(count) * 1e6)
        writer.close()
        guard writer.droppedRecordCount == 0, sink.lineCount == count else {
            throw BenchError("the writer dropped \(writer.droppedRecordCount) of \(count) records with a queue that holds them all")
        }
    }
    return Figure(
        "writer", "TraceWriter.append, 8 groups", median(costs), "us/record", target: .atMost(1),
        detail: "appending thread's CPU, \(count) records per run; \(spreadText(costs))")
}

/// Appends at a steady rate into a FIFO that nobody reads. Once the pipe's buffer and the
/// writer's queue are full, records are dropped and counted, and `append` must stay as
/// fast as before.
private func measureStalledSink(context: BenchContext) throws -> [Figure] {
    let path = context.scratchFile("stalled.fifo")
    guard mkfifo(path, 0o600) == 0 else {
        throw BenchError("mkfifo '\(path)' failed: \(String(cString: strerror(errno)))")
    }
    // A read end that is open but never read lets the writer open the FIFO, and its
    // writes block once the pipe's buffer (64 KiB on Linux) is full.
    let readEnd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard readEnd >= 0 else {
        throw BenchError("opening '\(path)' for reading failed: \(String(cString: strerror(errno)))")
    }

    let queueLimit = context.size(quick: 2_000, full: 20_000)
    let count = queueLimit * 3
    let rate = context.size(quick: 50_000.0, full: 20_000.0)
    let records = TraceRecords.steps(count: 1_000, groups: 8).map { TraceRecord.step($0) }
    let writer: TraceWriter
    do {
        writer = try TraceWriter(
            path: path, configuration: .init(flushInterval: 0.05, wakeRecordCount: 256, maxPendingRecordCount: queueLimit))
    } catch {
        close(readEnd)
        throw error
    }

    var latencies = [Double](repeating: 0, count: count)
    var droppedAt: Int?
    let start = monotonicNanoseconds()
    for index in 0..<count {
        let deadline = start + UInt64(Double(index) / rate * 1e9)
        while monotonicNanoseconds() < deadline {}
        let before = monotonicNanoseconds()
        writer.append(records[index % records.count])
        latencies[index] = Double(monotonicNanoseconds() - before) / 1e3
        if droppedAt == nil, index % 64 == 0, writer.droppedRecordCount > 0 {
            droppedAt = index
        }
    }
    let dropped = writer.droppedRecordCount
    let written = writer.writtenRecordCount

    // Drain the pipe on another thread so `close()` can finish its blocked write. The
    // thread must end before `readEnd` is closed, or it would read from whatever file
    // reuses the descriptor number.
    let drained = DispatchSemaphore(value: 0)
    let draining = Thread {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = read(readEnd, &buffer, buffer.count)
            if got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR) {
                break
            }
            if got < 0 {
                usleep(1_000)
            }
        }
        drained.signal()
    }
    draining.start()
    writer.close()
    guard drained.wait(timeout: .now() + 60) == .success else {
        // NOTE: `readEnd` stays open here, because the draining thread may still read it.
        throw BenchError("the FIFO '\(path)' still had a writer 60 s after the trace writer closed")
    }
    close(readEnd)

    guard let firstDrop = droppedAt, dropped > 0 else {
        throw BenchError("no record was dropped although nobody read the FIFO ('\(path)'); the stall was not reached")
    }
    let beforeStall = latencies[0..<firstDrop].sorted()
    let whileDropping = latencies[firstDrop...].sorted()
    let detail = "\(count) appends at \(formatFigure(rate))/s into an unread FIFO, queue \(queueLimit);"
    return [
        Figure(
            "writer", "stalled sink: append p99 before stall", percentile(beforeStall, 0.99), "us",
            detail: "\(detail) max \(formatFigure(beforeStall.last!)) us over \(beforeStall.count) appends"),
        Figure(
            "writer", "stalled sink: append p99 while dropping", percentile(whileDropping, 0.99), "us",
            detail: "max \(formatFigure(whileDropping.last!)) us over \(whileDropping.count) appends; \(dropped) dropped and counted,"
                + " \(written) written before the writer thread's first write blocked; single run, wall time per call"),
        Figure(
            "writer", "stalled sink: append max while dropping", whileDropping.last!, "us",
            detail: "median \(formatFigure(percentile(whileDropping, 0.5))) us"),
    ]
}
