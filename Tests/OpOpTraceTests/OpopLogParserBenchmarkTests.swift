@testable import OpOpTrace
import Foundation
import XCTest

/// Prints how many opop progress lines per second the byte parser and the String
/// parser it replaced read, in CPU time of the measuring thread, median of five passes.
/// Skipped unless OPOP_BENCHMARK=1, and meant for a release build:
///
///     OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing \
///         --filter OpOpTraceTests.OpopLogParserBenchmarkTests
final class OpopLogParserBenchmarkTests: XCTestCase {
    func testProgressLinesPerSecond() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_BENCHMARK=1 to run the benchmark")
        }
        let lines = Self.progressLines(count: 100_000)

        let stringRate = Self.medianLinesPerSecond(lines) { OpopLogStringParser.parse($0) }
        let byteRate = Self.medianLinesPerSecond(lines) { OpopLogParser.parse($0) }

        print(String(format: "OpopLogStringParser: %.0f progress lines/s", stringRate))
        print(String(format: "OpopLogParser (bytes): %.0f progress lines/s, %.1fx", byteRate, byteRate / stringRate))
    }

    /// Lines in the form opop 0.3.0's trainers print, with a brain section of two groups.
    private static func progressLines(count: Int) -> [[UInt8]] {
        var random = TestRandom(seed: 7)
        return (1...count).map { step in
            let loss = Double.random(in: 2...7, using: &random)
            let proj = Double.random(in: 0.01...10, using: &random)
            let mlp = Double.random(in: 0.01...10, using: &random)
            let reward = Double.random(in: -0.1...0.1, using: &random)
            let text = String(format: "[%d/%d] %d%% loss=%.4f (ce=%.4f) acc=%.3f | brain: p=%.2fx/%.1fu m=%.2fx/%.1fu r=%.3f ~%ds remaining",
                              step, count, step * 100 / count, loss, loss, Double.random(in: 0...1, using: &random),
                              proj, Double.random(in: 0...5, using: &random), mlp, Double.random(in: 0...5, using: &random),
                              reward, count - step)
            return Array(text.utf8)
        }
    }

    private static func medianLinesPerSecond(_ lines: [[UInt8]], parse: (UnsafeBufferPointer<UInt8>) -> OpopLogLine) -> Double {
        var rates: [Double] = []
        for _ in 0..<5 {
            var progressCount = 0
            let start = threadCPUTime()
            for line in lines {
                if case .progress = line.withUnsafeBufferPointer(parse) {
                    progressCount += 1
                }
            }
            let elapsed = threadCPUTime() - start
            XCTAssertEqual(progressCount, lines.count, "lines that parsed as progress")
            rates.append(Double(lines.count) / elapsed)
        }
        return rates.sorted()[2]
    }

    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
