import Foundation
import XCTest
import OpOpDashboard
@testable import OpOpTopApp

/// Replay speed on a generated 1,000,000-step trace with 8 groups. Skipped unless
/// `OPOP_BENCHMARK=1`; meant for
/// `OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter ReplayBenchmarkTests`.
/// It prints its figures and checks nothing about speed.
final class ReplayBenchmarkTests: XCTestCase {
    func testReplayOfMillionStepTrace() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["OPOP_BENCHMARK"] == "1", "set OPOP_BENCHMARK=1 to run")

        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("trace.jsonl")
        let steps = 1_000_000
        let bytes = try ReplayFixtures.writeTrace(to: path, steps: steps, groups: 8)
        let peakAfterWriting = Self.peakResidentKilobytes()

        let opened = Date()
        let input = try ReplayInput.open(path)
        let session = ReplaySession(runs: [try input.makeRun()])
        let frame = session.frame(width: 80, height: 24, now: 0, options: RenderOptions())
        let firstFrame = Date().timeIntervalSince(opened)
        XCTAssertTrue(frame.text.contains("step 1/"), frame.text)

        try ReplayFixtures.waitForIndex(session.runs[0], timeout: 600)
        let fullIndex = Date().timeIntervalSince(opened)
        let index = session.runs[0].indexer.index.snapshot

        let endStart = Date()
        session.apply(.end, now: 0)
        let seekToEnd = Date().timeIntervalSince(endStart)
        XCTAssertEqual(session.position, steps)

        var generator = SystemRandomNumberGenerator()
        var seekTimes: [Double] = []
        for _ in 0..<50 {
            let target = Int.random(in: 1...steps, using: &generator)
            let start = Date()
            session.apply(.character("g"), now: 0)
            for character in String(target) { session.apply(.character(character), now: 0) }
            session.apply(.enter, now: 0)
            _ = session.frame(width: 80, height: 24, now: 0, options: RenderOptions())
            seekTimes.append(Date().timeIntervalSince(start))
            XCTAssertEqual(session.position, target)
        }
        seekTimes.sort()

        let milliseconds = { (seconds: Double) in String(format: "%.1f ms", seconds * 1000) }
        print("""
            replay benchmark: \(steps) steps, 8 groups, \(bytes / 1_000_000) MB trace
              first frame        \(milliseconds(firstFrame))
              full index         \(String(format: "%.2f s", fullIndex)) (\(index.checkpoints.count) checkpoints every \(index.interval) steps)
              seek to end        \(milliseconds(seekToEnd))
              random seek median \(milliseconds(seekTimes[seekTimes.count / 2])), max \(milliseconds(seekTimes.last!)) (50 seeks, with a frame each)
              peak RSS           \(Self.peakResidentKilobytes() / 1024) MB (\(peakAfterWriting / 1024) MB after writing the trace)
            """)
    }

    /// Returns VmHWM from /proc/self/status, the process's peak resident memory, in kB.
    static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return -1 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
}
