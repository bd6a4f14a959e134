import Foundation
import OpOpTrace
import XCTest

/// Prints the cost of the hot paths. Nothing here asserts a speed: run it in a release
/// build to read real numbers. Other test targets import modules with `@testable`, so a
/// release build of the tests needs `-enable-testing`:
///
///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing \
///         --filter OpOpTraceTests.TraceBenchmarkTests
///
/// The side-by-side decoding and reading figures run only with OPOP_BENCHMARK=1.
/// Costs are the measuring thread's CPU time, which other processes on a shared machine
/// do not inflate; wall time is printed beside it.
final class TraceBenchmarkTests: XCTestCase {
    #if DEBUG
    private let buildNote = " (debug build; use -c release for real numbers)"
    private let scale = 1
    #else
    private let buildNote = " (release build)"
    private let scale = 10
    #endif

    func testAppendCostPerStepRecord() {
        let records = Self.stepRecords(count: 1000, groups: 4)
        let count = 50_000 * scale
        let warmUp = 10_000
        let sink = DiscardingSink()
        // A loop that only appends outruns the writer thread, so the queue must hold it all.
        let writer = TraceWriter(sink: sink, configuration: .init(maxPendingRecordCount: count + warmUp))

        for index in 0..<warmUp {
            writer.append(records[index % records.count])
        }
        writer.flush()

        let clock = Stopwatch()
        for index in 0..<count {
            writer.append(records[index % records.count])
        }
        let elapsed = clock.read()
        writer.close()
        let drained = clock.read()

        print(String(format: "TraceWriter.append: %.3f µs CPU (%.3f µs wall) per step record with 4 groups, %d records%@",
                     elapsed.cpu / Double(count) * 1e6, elapsed.wall / Double(count) * 1e6, count, buildNote))
        print(String(format: "TraceWriter thread: encoded and wrote them in %.3f s wall, %.0f records/s%@",
                     drained.wall, Double(count) / drained.wall, buildNote))
        XCTAssertEqual(writer.droppedRecordCount, 0)
        XCTAssertEqual(sink.lineCount, count + warmUp)
    }

    func testEncodeAndDecodeCost() throws {
        let records = Self.stepRecords(count: 1000, groups: 4)
        let count = 20_000 * scale
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)

        var clock = Stopwatch()
        for index in 0..<count {
            bytes.removeAll(keepingCapacity: true)
            TraceEncoder.append(records[index % records.count], to: &bytes)
        }
        let encodeNanoseconds = clock.read().cpu / Double(count) * 1e9

        let lines = records.map { Array(TraceEncoder.encode($0).utf8) }
        var decoded = 0
        clock = Stopwatch()
        for index in 0..<count {
            let line = lines[index % lines.count]
            if try line.withUnsafeBufferPointer({ try TraceDecoder.decode(line: $0) }) != nil {
                decoded += 1
            }
        }
        let decodeNanoseconds = clock.read().cpu / Double(count) * 1e9
        let averageLine = Double(lines.map(\.count).reduce(0, +)) / Double(lines.count)

        print(String(format: "TraceEncoder: %.0f ns CPU per step record; TraceDecoder: %.0f ns CPU per line (%.0f bytes, %.0f MB/s)%@",
                     encodeNanoseconds, decodeNanoseconds, averageLine, averageLine / decodeNanoseconds * 1000, buildNote))
        XCTAssertEqual(decoded, count)
    }

    func testReaderThroughput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("trace.jsonl")
        let records = Self.stepRecords(count: 1000, groups: 4)
        let count = 20_000 * scale

        let writer = try TraceWriter(path: path, configuration: .init(maxPendingRecordCount: count + 1))
        writer.append(.header(SampleRecords.header))
        for index in 0..<count {
            writer.append(records[index % records.count])
        }
        writer.close()
        XCTAssertEqual(writer.droppedRecordCount, 0)

        let reader = TraceReader(path: path)
        let clock = Stopwatch()
        let read = try reader.readToEnd()
        let elapsed = clock.read()

        print(String(format: "TraceReader: %d records in %.3f s CPU (%.3f s wall), %.0f records/s of CPU%@",
                     read.count, elapsed.cpu, elapsed.wall, Double(read.count) / elapsed.cpu, buildNote))
        XCTAssertEqual(read.count, count + 1)
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    /// Prints, side by side, the generic and the direct decoder per line, and the
    /// reader's records/s and MB/s through `readToEnd()` and `readAvailable()`, at 8
    /// and 48 groups, with Python's `json.loads` on the same file as a peer figure.
    /// Each figure is the median of five repetitions, in CPU time of the measuring
    /// thread (Python: of its process). Skipped unless OPOP_BENCHMARK=1:
    ///
    ///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing \
    ///         --filter OpOpTraceTests.TraceBenchmarkTests/testDecodeAndReadSideBySide
    func testDecodeAndReadSideBySide() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_BENCHMARK=1 to run the trace decoding benchmark")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        for groups in [8, 48] {
            // About 200 MB of trace per group count in a release build.
            let fileRecords = 1_600_000 / groups * scale / 10
            let lines = Self.stepRecords(count: 1000, groups: groups).map { Array(TraceEncoder.encode($0).utf8) }
            let averageLine = Double(lines.map(\.count).reduce(0, +)) / Double(lines.count)
            let decodeCount = fileRecords / 2

            let generic = try Self.medianOfFive { () throws -> Double in
                try Self.decodeSeconds(lines, count: decodeCount) { try TraceDecoder.decodeWithJSONParser(line: $0) }
            } / Double(decodeCount)
            let direct = try Self.medianOfFive { () throws -> Double in
                try Self.decodeSeconds(lines, count: decodeCount) { try TraceDecoder.decode(line: $0) }
            } / Double(decodeCount)
            print(String(format: "%2d groups, %.0f-byte lines: decode %.3f µs/line generic, %.3f µs/line direct (%.1fx)%@",
                         groups, averageLine, generic * 1e6, direct * 1e6, generic / direct, buildNote))

            let path = directory.file("trace-\(groups).jsonl")
            let fileBytes = try Self.writeTrace(path: path, lines: lines, count: fileRecords)
            let megabytes = Double(fileBytes) / 1e6
            for following in [false, true] {
                let seconds = try Self.medianOfFive { () throws -> Double in
                    let reader = TraceReader(path: path)
                    let clock = Stopwatch()
                    let records = following ? try reader.readAvailable() : try reader.readToEnd()
                    let elapsed = clock.read().cpu
                    XCTAssertEqual(records.count, fileRecords + 1)
                    XCTAssertEqual(reader.corruptLineCount, 0)
                    return elapsed
                }
                print(String(format: "%2d groups: TraceReader.%@ %.0f records/s, %.0f MB/s (%d records, %.0f MB)%@",
                             groups, following ? "readAvailable()" : "readToEnd()    ",
                             Double(fileRecords + 1) / seconds, megabytes / seconds, fileRecords + 1, megabytes, buildNote))
            }

            if let python = try Self.pythonSeconds(path: path) {
                print(String(format: "%2d groups: Python json.loads %.0f records/s, %.0f MB/s (same file)",
                             groups, Double(fileRecords + 1) / python, megabytes / python))
            } else {
                print("\(groups) groups: python3 not found, no peer figure")
            }
            try FileManager.default.removeItem(atPath: path)
        }
    }

    private static func medianOfFive(_ measure: () throws -> Double) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<5 {
            times.append(try measure())
        }
        return times.sorted()[2]
    }

    /// Decodes `count` lines, cycling through `lines`, and returns the CPU seconds.
    private static func decodeSeconds(
        _ lines: [[UInt8]], count: Int, _ decode: (UnsafeBufferPointer<UInt8>) throws -> TraceRecord?
    ) throws -> Double {
        var decoded = 0
        let clock = Stopwatch()
        for index in 0..<count {
            if try lines[index % lines.count].withUnsafeBufferPointer(decode) != nil {
                decoded += 1
            }
        }
        let seconds = clock.read().cpu
        XCTAssertEqual(decoded, count)
        return seconds
    }

    /// Writes a header and `count` step lines, cycling through `lines`, and returns the size.
    private static func writeTrace(path: String, lines: [[UInt8]], count: Int) throws -> Int {
        var bytes = Array(TraceEncoder.encode(.header(SampleRecords.header)).utf8) + [UInt8(ascii: "\n")]
        bytes.reserveCapacity(count * (lines[0].count + 8))
        for index in 0..<count {
            bytes.append(contentsOf: lines[index % lines.count])
            bytes.append(UInt8(ascii: "\n"))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return bytes.count
    }

    /// Returns the median CPU seconds of five `json.loads` passes over the file in
    /// Python, or nil when python3 is not installed.
    private static func pythonSeconds(path: String) throws -> Double? {
        let script = """
            import json, sys, time
            times = []
            for _ in range(5):
                start = time.process_time()
                with open(sys.argv[1], "rb") as file:
                    for line in file:
                        json.loads(line)
                times.append(time.process_time() - start)
            print(sorted(times)[2])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return nil
        }
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Step records with full-precision values, like a real run's.
    static func stepRecords(count: Int, groups: Int) -> [TraceRecord] {
        var random = TestRandom(seed: 99)
        return (0..<count).map { index in
            .step(StepRecord(
                step: index,
                wallTime: 1_736_847_012 + Double.random(in: 0..<1000, using: &random),
                loss: Double.random(in: 0..<3, using: &random),
                reward: Double.random(in: -0.1...0.1, using: &random),
                baseline: Double.random(in: -0.01...0.01, using: &random),
                groups: (0..<groups).map { _ in
                    GroupStep(
                        scale: Double.random(in: 0.01...10, using: &random),
                        clip: Double.random(in: 0.1...5, using: &random),
                        dampen: Double.random(in: 0...1, using: &random),
                        gradientNorm: Double.random(in: 0...20, using: &random)
                    )
                }
            ))
        }
    }
}

/// The calling thread's CPU time and the wall time since creation, in seconds.
private struct Stopwatch {
    private let cpuStart = Stopwatch.threadCPUTime()
    private let wallStart = DispatchTime.now().uptimeNanoseconds

    func read() -> (cpu: Double, wall: Double) {
        let cpu = Stopwatch.threadCPUTime() - cpuStart
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
        return (cpu, wall)
    }

    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// A sink that only counts lines, so a measurement covers the writer and not the disk.
private final class DiscardingSink: TraceSink, @unchecked Sendable {
    // @unchecked: `lines` changes on the writer thread only and is read after `close()`.
    let path = "discard"
    private(set) var lineCount = 0

    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        lineCount += bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    func synchronize() throws(TraceWriterError) {}

    func close() throws(TraceWriterError) {}
}
