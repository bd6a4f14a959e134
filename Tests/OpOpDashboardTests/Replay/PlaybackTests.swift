import XCTest
@testable import OpOpDashboard

/// The replay clock driven by a fake clock: speeds, gap capping and odd clocks.
final class PlaybackTests: XCTestCase {
    func testStartsPausedAtOneX() {
        var playback = Playback()
        XCTAssertFalse(playback.isPlaying)
        XCTAssertEqual(playback.speedLabel, "1x")
        XCTAssertFalse(playback.admit(gap: 0), "a paused playback admits nothing")
    }

    func testSpeedsArePowersOfTwoWithinLimits() {
        var playback = Playback()
        var labels: [String] = []
        for _ in 0..<10 { playback.slower() }
        labels.append(playback.speedLabel)
        for _ in 0..<10 {
            playback.faster()
            labels.append(playback.speedLabel)
        }
        XCTAssertEqual(labels, ["1/4x", "1/2x", "1x", "2x", "4x", "8x", "16x", "32x", "64x", "64x", "64x"])
        XCTAssertEqual(playback.speed, 64)
    }

    func testAdmitsRunTimeScaledBySpeed() {
        var playback = Playback()
        playback.faster()
        playback.faster()
        playback.play(now: 100)
        playback.tick(now: 100.5)

        // 0.5 s of wall time at 4x is 2 s of run time: four records 0.5 s apart.
        var admitted = 0
        while playback.admit(gap: 0.5) { admitted += 1 }
        XCTAssertEqual(admitted, 4)
    }

    func testGapIsCappedAtMaximum() {
        XCTAssertEqual(Playback.cappedGap(from: 10, to: 3_610), Playback.maximumGap)
        XCTAssertEqual(Playback.cappedGap(from: 10, to: 10.25), 0.25)

        var playback = Playback()
        playback.play(now: 0)
        playback.tick(now: 1)
        XCTAssertTrue(playback.admit(gap: 3_600), "an hour-long gap plays as one second")
    }

    func testBackwardsRunClockGivesZeroGap() {
        XCTAssertEqual(Playback.cappedGap(from: 100, to: 40), 0)
        XCTAssertEqual(Playback.cappedGap(from: nil, to: 40), 0)
        XCTAssertEqual(Playback.cappedGap(from: .nan, to: 40), 0)
        XCTAssertEqual(Playback.cappedGap(from: 1, to: .infinity), 0)
    }

    func testBackwardsWallClockAddsNothing() {
        var playback = Playback()
        playback.play(now: 50)
        playback.tick(now: 40)
        XCTAssertFalse(playback.admit(gap: 0.001))
        playback.tick(now: 50.5)
        XCTAssertTrue(playback.admit(gap: 0.5), "time counts again once the clock passes its latest reading")
    }

    func testLongTickCountsAtMostMaximumTick() {
        var playback = Playback()
        playback.play(now: 0)
        playback.tick(now: 3_600)
        var admitted = 0
        while playback.admit(gap: 0.1) { admitted += 1 }
        XCTAssertEqual(admitted, 10, "a stopped process resumes without jumping ahead")
    }

    func testUnusedCreditIsBounded() {
        var playback = Playback()
        playback.faster()
        playback.play(now: 0)
        for second in 1...10 { playback.tick(now: Double(second)) }
        XCTAssertLessThanOrEqual(playback.credit, 2 + Playback.maximumGap)
    }

    func testPauseAndEndDropCredit() {
        var playback = Playback()
        playback.play(now: 0)
        playback.tick(now: 1)
        playback.reachEnd()
        XCTAssertFalse(playback.isPlaying)
        playback.play(now: 5)
        XCTAssertFalse(playback.admit(gap: 0.1), "credit from before the end is gone")
    }

    func testRestartAfterSeekStartsFresh() {
        var playback = Playback()
        playback.play(now: 0)
        playback.tick(now: 0.9)
        playback.restart(now: 0.9)
        XCTAssertFalse(playback.admit(gap: 0.1))
        playback.tick(now: 1.15)
        XCTAssertTrue(playback.admit(gap: 0.2))
    }
}

/// Event steps for n and N.
final class EventIndexTests: XCTestCase {
    func testNextAndPreviousSkipOtherKinds() {
        var index = EventIndex()
        index.add(step: 49, kind: .freeze)
        index.add(step: 60, kind: .trainerEnd)
        index.add(step: 146, kind: .unfreeze)
        index.add(step: 199, kind: .reset)
        index.add(step: 199, kind: .snapshot)

        XCTAssertEqual(index.steps, [49, 146, 199])
        XCTAssertEqual(index.next(after: 0), 49)
        XCTAssertEqual(index.next(after: 49), 146)
        XCTAssertEqual(index.next(after: 199), nil)
        XCTAssertEqual(index.previous(before: 199), 146)
        XCTAssertEqual(index.previous(before: 49), nil)
    }

    func testOutOfOrderEventIsInsertedInPlace() {
        var index = EventIndex()
        index.add(step: 100, kind: .freeze)
        index.add(step: 50, kind: .reset)
        index.add(step: 100, kind: .snapshot)
        XCTAssertEqual(index.steps, [50, 100])
    }
}
