import XCTest
import OpOpDashboard
import OpOpTrace
@testable import OpOpTopApp

/// The replay session on the recorded fixtures: seeking, events, playback, overlays and
/// the frames it draws.
final class ReplaySessionTests: XCTestCase {
    private let unicode = RenderOptions(glyphs: .unicode, colour: false)
    private let ascii = RenderOptions(glyphs: .ascii, colour: false)

    private func session(_ paths: [String] = [ReplayFixtures.smallRun]) throws -> ReplaySession {
        ReplaySession(runs: try ReplayFixtures.openRuns(paths))
    }

    private func lines(_ session: ReplaySession, options: RenderOptions? = nil) -> [String] {
        session.frame(width: 80, height: 24, now: 0, options: options ?? unicode).text.components(separatedBy: "\n")
    }

    private func type(_ text: String, into session: ReplaySession) {
        for character in text { session.apply(.character(character), now: 0) }
    }

    func testSpeedTextShowsReachedSpeed() {
        XCTAssertEqual(ReplaySession.speedText(chosen: "64x", reached: nil), "64x")
        XCTAssertEqual(ReplaySession.speedText(chosen: "64x", reached: 12.4), "64x (12x reached)")
        XCTAssertEqual(ReplaySession.speedText(chosen: "1x", reached: 0.25), "1x (0.2x reached)")
    }

    func testPlaybackBehindReportsReachedSpeed() throws {
        // A million steps per second of run time: no frame can add them all at 1x.
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("trace.jsonl")
        try ReplayFixtures.writeTrace(to: path, steps: 50_000, groups: 1, stepsPerSecond: 1_000_000)
        let session = ReplaySession(runs: try ReplayFixtures.openRuns([path]))

        session.apply(.character(" "), now: 0)
        session.play(now: 0)
        session.play(now: 1)

        XCTAssertTrue(session.playback.isPlaying)
        let reached = try XCTUnwrap(session.reachedSpeed)
        XCTAssertLessThan(reached, 0.9)
        let status = lines(session)[22]
        XCTAssertTrue(status.contains("1x ("), status)
        XCTAssertTrue(status.contains("x reached)"), status)
    }

    func testOpensPausedAtFirstStep() throws {
        let session = try session()
        XCTAssertEqual(session.position, 1)
        let status = lines(session)[22]
        XCTAssertTrue(status.hasPrefix(" PAUSED  1x  step 1/480  "), status)
        XCTAssertTrue(status.contains(ReplayClockText.localTime(1796423823.8690877)), status)
    }

    func testNextAndPreviousEventSeek() throws {
        let session = try session()
        var stops: [Int?] = []
        for _ in 0..<7 {
            session.apply(.character("n"), now: 0)
            stops.append(session.position)
        }
        XCTAssertEqual(stops, [49, 146, 199, 271, 325, 480, 480], "freeze, unfreeze, reset, snapshot, reset, snapshot; no brain updates")
        XCTAssertEqual(lines(session)[23], "no event after step 480 in small-run")

        for _ in 0..<5 { session.apply(.character("N"), now: 0) }
        XCTAssertEqual(session.position, 49)
        XCTAssertEqual(session.runs[0].history.brainState, .frozen, "the freeze event at step 49 is shown at 49")
        XCTAssertTrue(lines(session)[23].hasPrefix("freeze at 49: "), lines(session)[23])
    }

    func testBrainUpdateKeysSeek() throws {
        let session = try session()
        var stops: [Int?] = []
        for _ in 0..<4 {
            session.apply(.character("b"), now: 0)
            stops.append(session.position)
        }
        XCTAssertEqual(stops, [17, 33, 49, 163], "brain updates skip the frozen stretch")
        XCTAssertEqual(lines(session)[23], "brain update at 163")
        session.apply(.character("B"), now: 0)
        XCTAssertEqual(session.position, 49)
    }

    func testEventJumpsFollowShownRun() throws {
        let session = try session([ReplayFixtures.smallRunNoBrain, ReplayFixtures.smallRun])
        session.apply(.character("n"), now: 0)
        XCTAssertEqual(session.position, 1, "the run without a brain has no events")
        XCTAssertTrue(lines(session)[23].hasPrefix("no event after step 1 in small-run-no-brain"), lines(session)[23])

        session.apply(.tab, now: 0)
        session.apply(.character("n"), now: 0)
        XCTAssertEqual(session.position, 49)
    }

    func testGoToStepShowsStepAndMarker() throws {
        let session = try session()
        session.apply(.character("g"), now: 0)
        type("146", into: session)
        XCTAssertEqual(lines(session)[23], "go to step: 146_  Enter go  Esc cancel")
        session.apply(.enter, now: 0)

        XCTAssertEqual(session.position, 146)
        XCTAssertEqual(session.runs[0].history.latestStep, 146)
        let screen = lines(session)
        XCTAssertTrue(screen[22].contains("step 146/480"), screen[22])
        XCTAssertTrue(screen[22].contains("LEARNING"), screen[22])
        XCTAssertTrue(screen[2].contains("U"), "the unfreeze marker is on the loss chart:\n\(screen.joined(separator: "\n"))")
    }

    func testSeekBackwardsRestoresEarlierState() throws {
        let session = try session()
        session.apply(.end, now: 0)
        XCTAssertEqual(session.position, 480)
        XCTAssertEqual(session.runs[0].history.brainState, .learning)

        session.apply(.character("g"), now: 0)
        type("100", into: session)
        session.apply(.enter, now: 0)
        XCTAssertEqual(session.position, 100)
        XCTAssertEqual(session.runs[0].history.brainState, .frozen, "step 100 lies between the freeze and the unfreeze")
        XCTAssertEqual(session.runs[0].history.stepCount, 100)
    }

    func testSeekPastEndClampsWithMessage() throws {
        let session = try session()
        session.apply(.character("g"), now: 0)
        type("99999", into: session)
        session.apply(.enter, now: 0)
        XCTAssertEqual(session.position, 480)
        XCTAssertEqual(lines(session)[23], "step 99999 is past the last step read, 480: showing step 480")
    }

    func testBrainKeysSayReadOnly() throws {
        let session = try session()
        session.apply(.character("f"), now: 0)
        XCTAssertEqual(lines(session)[23], "replay is read-only: f, r, R and s act on a running trainer (use attach)")
    }

    func testPlaybackFollowsRunTimeAndStopsAtEnd() throws {
        let session = try session()
        session.apply(.character(" "), now: 1_000)
        XCTAssertTrue(session.playback.isPlaying)

        // The fixture ran 480 steps in about 0.93 s, so 0.2 s at 1x shows about a fifth.
        session.play(now: 1_000.2)
        let afterFifth = try XCTUnwrap(session.position)
        XCTAssertGreaterThan(afterFifth, 40)
        XCTAssertLessThan(afterFifth, 160)

        session.play(now: 1_001.2)
        session.play(now: 1_002.2)
        XCTAssertEqual(session.position, 480)
        XCTAssertFalse(session.playback.isPlaying, "playback pauses at the end")
        XCTAssertTrue(lines(session)[23].contains("Play"), lines(session)[23])
    }

    func testOverlayLegendAndRunSwitch() throws {
        let session = try session([ReplayFixtures.smallRun, ReplayFixtures.smallRunNoBrain])
        session.apply(.character("e"), now: 0)
        var screen = lines(session)
        XCTAssertEqual(screen[0], "opop-top · ⣿ [small-run] · + small-run-no-brain                       window all")
        XCTAssertTrue(screen[22].contains("LEARNING"), screen[22])
        XCTAssertTrue(screen.joined().contains("+"), "the second run's points are drawn")

        session.apply(.tab, now: 0)
        screen = lines(session)
        XCTAssertEqual(screen[0], "opop-top · ⣿ small-run · + [small-run-no-brain]                       window all")
        XCTAssertTrue(screen[22].contains("NO BRAIN"), screen[22])

        let asciiScreen = lines(session, options: ascii)
        XCTAssertEqual(asciiScreen[0], "opop-top | * small-run | + [small-run-no-brain]                       window all")
        XCTAssertTrue(asciiScreen[23].contains("Tab Run"), asciiScreen[23])
    }
}
