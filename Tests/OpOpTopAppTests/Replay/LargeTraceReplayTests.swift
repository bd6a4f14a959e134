import XCTest
import OpOpDashboard
import OpOpTrace
@testable import OpOpTopApp

/// A generated trace long enough for many checkpoints: it loads whole, and seeks in any
/// order land on the right step with the right values.
final class LargeTraceReplayTests: XCTestCase {
    static let steps = 200_000

    func testSeeksLandOnRightStepWithRightValues() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("trace.jsonl")
        try ReplayFixtures.writeTrace(to: path, steps: Self.steps, groups: 3)

        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        let run = session.runs[0]
        let index = run.indexer.index.snapshot
        XCTAssertEqual(index.firstStep, 1)
        XCTAssertEqual(index.lastStep, Self.steps)
        XCTAssertEqual(index.corruptLineCount, 0)
        XCTAssertEqual(index.events.steps.count, Self.steps / 10_000)
        XCTAssertGreaterThan(index.checkpoints.count, 8, "interval \(index.interval)")

        var generator = SystemRandomNumberGenerator()
        let targets = [Self.steps, 1, 150_001, 150_000, 77_777, 77_778, 4_096, 4_097, 199_999]
            + (0..<20).map { _ in Int.random(in: 1...Self.steps, using: &generator) }
        for target in targets {
            session.apply(.character("g"), now: 0)
            for character in String(target) { session.apply(.character(character), now: 0) }
            session.apply(.enter, now: 0)

            XCTAssertEqual(session.position, target)
            XCTAssertEqual(run.history.latestStep, target)
            XCTAssertEqual(run.history.latestLoss, ReplayFixtures.loss(at: target), "loss at \(target)")
            XCTAssertEqual(run.history.latestValue(of: .scale(group: 2)), ReplayFixtures.scale(at: target, group: 2), "scale at \(target)")
            XCTAssertEqual(run.history.stepCount, target, "every step up to \(target) and none after it")
            XCTAssertEqual(run.history.eventCounts[.snapshot] ?? 0, target / 10_000, "snapshots up to \(target)")
        }
    }

    func testEventJumpsCrossCheckpoints() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("trace.jsonl")
        try ReplayFixtures.writeTrace(to: path, steps: 50_000, groups: 1, eventInterval: 7_000)

        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))
        var stops: [Int?] = []
        for _ in 0..<8 {
            session.apply(.character("n"), now: 0)
            stops.append(session.position)
        }
        XCTAssertEqual(stops, [7_000, 14_000, 21_000, 28_000, 35_000, 42_000, 49_000, 49_000])
        session.apply(.character("N"), now: 0)
        XCTAssertEqual(session.position, 42_000)
        XCTAssertEqual(session.runs[0].history.lastEvent?.message, "snapshot at 42000")
    }
}
