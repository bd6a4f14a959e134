import XCTest
import Foundation
import OpOpDashboard
import OpOpTrace
@testable import OpOpTopApp

/// A cursor for the background pass that stops after `gateIndex` records until the
/// test opens the gate, so a test can press End while the trace is still loading.
private final class GatedCursor: RecordCursor, @unchecked Sendable {
    private let inner: RecordListCursor
    private let gateIndex: Int
    let gate = DispatchSemaphore(value: 0)

    init(records: [TraceRecord], gateIndex: Int) {
        inner = RecordListCursor(records: records, corruptLineCount: 0)
        self.gateIndex = gateIndex
    }

    var position: Int { inner.position }
    var size: Int { inner.size }
    var corruptLineCount: Int { 0 }

    func seek(to position: Int) { inner.seek(to: position) }

    func next() throws(TraceReaderError) -> (record: TraceRecord, start: Int)? {
        if inner.position == gateIndex { gate.wait() }
        return try inner.next()
    }
}

/// End pressed while a trace loads follows the end until the user moves.
final class FollowEndTests: XCTestCase {
    private func records(steps: Int) -> [TraceRecord] {
        let header = TraceHeader(
            runName: "loading", workload: "w", groupNames: ["a"], optimizer: "sgd",
            optimizerSettings: [:], brainSettings: [:], startTime: 1_800_000_000
        )
        return [.header(header)] + (1...steps).map { step in
            .step(StepRecord(
                step: step, wallTime: 1_800_000_000 + Double(step), loss: 1, reward: 0, baseline: 0,
                groups: [GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: 0.5)]
            ))
        }
    }

    /// Opens a session whose background pass stops at record 16,384 of 40,000, right
    /// after it publishes what it has read, since it publishes every 8,192 records.
    private func loadingSession() throws -> (ReplaySession, GatedCursor) {
        let all = records(steps: 40_000)
        let gated = GatedCursor(records: all, gateIndex: 16_384)
        let indexer = ReplayIndexer { gated }
        let run = ReplayRun(label: "loading", cursor: RecordListCursor(records: all, corruptLineCount: 0), indexer: indexer)
        let deadline = Date().addingTimeInterval(20)
        while indexer.index.snapshot.lastStep != 16_383 {
            guard Date() < deadline else { throw SetupError("the background pass did not reach the gate") }
            usleep(2_000)
        }
        return (ReplaySession(runs: [run]), gated)
    }

    private func waitForIndex(_ session: ReplaySession) throws {
        try ReplayFixtures.waitForIndex(session.runs[0])
    }

    func testEndFollowsGrowingTrace() throws {
        let (session, gated) = try loadingSession()
        defer { session.runs[0].indexer.stop() }

        session.apply(.end, now: 0)
        XCTAssertEqual(session.position, 16_383)
        XCTAssertTrue(session.followsEnd)

        gated.gate.signal()
        try waitForIndex(session)
        session.followEnd(now: 1)
        XCTAssertEqual(session.position, 40_000, "End keeps up with the steps read since")
        XCTAssertFalse(session.followsEnd, "following ends once the trace is read")
    }

    func testMovingStopsFollowingEnd() throws {
        let (session, gated) = try loadingSession()
        defer { session.runs[0].indexer.stop() }

        session.apply(.end, now: 0)
        session.apply(.home, now: 0)
        XCTAssertFalse(session.followsEnd)

        gated.gate.signal()
        try waitForIndex(session)
        session.followEnd(now: 1)
        XCTAssertEqual(session.position, 1, "Home stays at the first step")
    }
}
