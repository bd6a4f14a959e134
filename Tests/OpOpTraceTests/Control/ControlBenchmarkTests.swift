import Foundation
import OpOpTrace
import XCTest

/// Prints what the control server costs the training loop per step. Nothing here asserts
/// a speed. It skips unless OPOP_BENCHMARK=1, and is meant for a release build:
///
///     OPOP_BENCHMARK=1 swift test -c release --filter OpOpTraceTests.ControlBenchmarkTests
final class ControlBenchmarkTests: XCTestCase {
    #if DEBUG
    private let buildNote = " (debug build; use -c release for real numbers)"
    private let count = 1_000_000
    #else
    private let buildNote = " (release build)"
    private let count = 50_000_000
    #endif

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_BENCHMARK=1 to run the control server benchmark")
        }
    }

    func testEmptyQueueCostPerStep() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ControlServer(runDirectory: directory.path, runName: "benchmark")
        defer { server.stop() }

        var taken = 0
        let cpuStart = Self.threadCPUTime()
        for step in 0..<count {
            taken &+= server.takePendingCommands().count
            if step & 0xff == 0 {
                server.publish(step: step, frozen: false)
            }
        }
        let cpu = Self.threadCPUTime() - cpuStart

        XCTAssertEqual(taken, 0)
        print(String(format: "ControlServer.takePendingCommands on an empty queue: %.2f ns CPU per call, %d calls%@",
                     cpu / Double(count) * 1e9, count, buildNote))
    }

    func testPublishCostPerStep() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ControlServer(runDirectory: directory.path, runName: "benchmark")
        defer { server.stop() }

        let cpuStart = Self.threadCPUTime()
        for step in 0..<count {
            server.publish(step: step, frozen: step & 1 == 0)
        }
        let cpu = Self.threadCPUTime() - cpuStart
        print(String(format: "ControlServer.publish: %.2f ns CPU per call, %d calls%@", cpu / Double(count) * 1e9, count, buildNote))
    }

    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
