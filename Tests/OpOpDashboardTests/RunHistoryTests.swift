import XCTest
import OpOpTrace
@testable import OpOpDashboard

final class RunHistoryTests: XCTestCase {
    func testHeaderSetsGroupNames() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["a", "b"])))

        XCTAssertEqual(history.groupNames, ["a", "b"])
        XCTAssertEqual(history.header?.workload, "digits-mlp")
        XCTAssertNil(history.latestStep)
    }

    func testMissingGroupNamesAreGenerated() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["a"])))
        history.ingest(.step(Fixtures.step(0, groups: 3)))

        XCTAssertEqual(history.groupNames, ["a", "group 1", "group 2"])
        XCTAssertNotNil(history.latestValue(of: .scale(group: 2)))
    }

    func testHundredThousandStepsStayBounded() {
        var history = RunHistory(recentCapacity: 4096, summaryCapacity: 512)
        history.ingest(.header(Fixtures.header(groups: ["a", "b"])))
        for step in 0..<100_000 {
            history.ingest(.step(Fixtures.step(step, loss: Double(step % 100), groups: 2)))
        }

        let loss = history.series(.loss)!
        XCTAssertEqual(history.stepCount, 100_000)
        XCTAssertEqual(loss.recentCount, 4096)
        XCTAssertLessThanOrEqual(loss.summaryBucketCount, 512)
        XCTAssertLessThan(history.capacityInBytes, 2_000_000)

        let total = loss.summaryBuckets.reduce(into: ColumnSummary()) { $0.merge($1) }
        XCTAssertEqual(total.finiteCount, 100_000)
        XCTAssertEqual(total.minimum, 0)
        XCTAssertEqual(total.maximum, 99)
        XCTAssertEqual(total.mean, 49.5, accuracy: 1e-9)

        let columns = history.columns(of: .loss, window: .all, count: 100)
        XCTAssertTrue(columns.allSatisfy { $0 != nil })
        XCTAssertEqual(columns.compactMap { $0?.maximum }.max(), 99)
    }

    func testStepsGoingBackwardsReplaceHistory() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["a"])))
        for step in 0..<100 { history.ingest(.step(Fixtures.step(step, loss: 1, groups: 1))) }
        history.ingest(.event(Fixtures.event(.snapshot, at: 80)))
        history.ingest(.event(Fixtures.event(.freeze, at: 40)))

        for step in 50..<60 { history.ingest(.step(Fixtures.step(step, loss: 5, groups: 1))) }

        XCTAssertEqual(history.rewindCount, 1)
        XCTAssertEqual(history.latestStep, 59)
        XCTAssertEqual(history.stepCount, 110)
        XCTAssertEqual(history.markers.map(\.kind), [.freeze])
        XCTAssertEqual(history.steps(in: .all), 0...59)

        let columns = history.columns(of: .loss, window: .all, count: 60)
        XCTAssertEqual(columns[49]?.mean, 1)
        XCTAssertEqual(columns[50]?.mean, 5)
        XCTAssertEqual(history.series(.lossEMA)?.latestStep, 59)
    }

    func testNonFiniteLossesAreCounted() {
        var history = RunHistory()
        history.ingest(.step(Fixtures.step(0, loss: 2, groups: 1)))
        history.ingest(.step(Fixtures.step(1, loss: .nan, groups: 1)))
        history.ingest(.step(Fixtures.step(2, loss: .infinity, groups: 1)))
        history.ingest(.step(Fixtures.step(3, loss: 1, groups: 1)))

        XCTAssertEqual(history.badLossCount, 2)
        XCTAssertEqual(history.series(.loss)?.nonFiniteCount, 2)
        XCTAssertEqual(history.series(.lossEMA)?.nonFiniteCount, 0)
        XCTAssertEqual(history.latestValue(of: .lossEMA)!, 2 + 0.02 * (1 - 2), accuracy: 1e-12)
    }

    func testBadStepsCountLossAndGradients() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["w", "b"])))
        history.ingest(.step(Fixtures.step(1, loss: 1, groups: 2)))
        history.ingest(.step(Fixtures.step(2, loss: .nan, groups: 2)))
        var badGradient = Fixtures.step(3, loss: 0.9, groups: 2)
        badGradient.groups[1].gradientNorm = .infinity
        history.ingest(.step(badGradient))
        history.ingest(.step(Fixtures.step(4, loss: 0.8, groups: 2)))
        var unreported = Fixtures.step(5, loss: 0.7, groups: 2)
        unreported.groups[0].gradientNorm = nil
        history.ingest(.step(unreported))

        XCTAssertEqual(history.badLossCount, 1)
        XCTAssertEqual(history.badStepCount, 2)
        let screen = renderDashboard(history: history, view: ViewState(), now: Fixtures.startTime + 1, width: 80, height: 24).text
        XCTAssertTrue(screen.contains("bad 2"), screen)
    }

    func testEndedRunDropsBrainBadge() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["w"])))
        history.ingest(.step(Fixtures.step(1, loss: 1, groups: 1)))
        let running = renderDashboard(history: history, view: ViewState(), now: Fixtures.startTime + 1, width: 80, height: 24).text
        history.ingest(.event(Fixtures.event(.trainerEnd, at: 1, message: "training finished after 1 steps")))
        let ended = renderDashboard(history: history, view: ViewState(), now: Fixtures.startTime + 1, width: 80, height: 24).text

        XCTAssertTrue(running.contains("LEARNING"), running)
        XCTAssertTrue(ended.contains("step 1  ended"), ended)
        XCTAssertFalse(ended.contains("LEARNING"), ended)
    }

    func testHeaderWithoutBrainShowsNoBrain() {
        var history = RunHistory()
        var header = Fixtures.header(groups: ["w", "b"])
        header.brainSettings = [:]
        history.ingest(.header(header))
        history.ingest(.step(Fixtures.step(1, groups: 2)))

        XCTAssertEqual(history.brainState, .absent)
        let screen = renderDashboard(history: history, view: ViewState(), now: Fixtures.startTime + 1, width: 80, height: 24).text
        XCTAssertTrue(screen.contains("NO BRAIN"), screen)
        XCTAssertFalse(screen.contains("LEARNING"), screen)
    }

    func testEventsSetStateAndCounts() {
        var history = RunHistory()
        history.ingest(.event(Fixtures.event(.freeze, at: 1, message: "frozen")))
        XCTAssertEqual(history.brainState, .frozen)

        history.ingest(.event(Fixtures.event(.brainUpdate, at: 2, message: "update")))
        history.ingest(.event(Fixtures.event(.brainUpdate, at: 3, message: "update")))
        history.ingest(.event(Fixtures.event(.unfreeze, at: 4, message: "learning")))
        history.ingest(.event(Fixtures.event(.note, at: 5, message: "a note")))

        XCTAssertEqual(history.brainState, .learning)
        XCTAssertEqual(history.brainUpdateCount, 2)
        XCTAssertEqual(history.eventCounts[.brainUpdate], 2)
        XCTAssertEqual(history.markers.map(\.kind), [.freeze, .unfreeze])
        XCTAssertEqual(history.lastEvent?.message, "a note")
    }

    func testMarkersAreBounded() {
        var history = RunHistory()
        for step in 0..<(RunHistory.maximumMarkers + 10) {
            history.ingest(.event(Fixtures.event(.badValue, at: step)))
        }

        XCTAssertEqual(history.markers.count, RunHistory.maximumMarkers)
        XCTAssertEqual(history.markers.first?.step, 10)
    }

    func testGroupsBeyondMaximumAreIgnored() {
        var history = RunHistory()
        history.ingest(.step(Fixtures.step(0, groups: RunHistory.maximumGroups + 2)))

        XCTAssertEqual(history.groupCount, RunHistory.maximumGroups)
        XCTAssertNil(history.series(.scale(group: RunHistory.maximumGroups)))
        XCTAssertEqual(
            history.lastIgnoredReason,
            "ignored 2 of 258 groups at step 0: the dashboard shows at most 256 groups"
        )
        XCTAssertLessThan(history.capacityInBytes, 25_000_000)
    }

    func testOutOfRangeStepIsIgnored() {
        var history = RunHistory()
        history.ingest(.step(Fixtures.step(-1, groups: 1)))

        XCTAssertEqual(history.stepCount, 0)
        XCTAssertEqual(history.ignoredRecordCount, 1)
        XCTAssertEqual(history.lastIgnoredReason, "ignored step record with step -1: steps must be between 0 and 2^53")
    }

    func testEvaluationUsesFirstMetricName() {
        var history = RunHistory()
        history.ingest(.evaluation(EvaluationRecord(step: 10, wallTime: 0, metrics: [
            Metric(name: "accuracy", value: 0.5), Metric(name: "loss", value: 2),
        ])))
        history.ingest(.evaluation(EvaluationRecord(step: 20, wallTime: 0, metrics: [
            Metric(name: "loss", value: 1), Metric(name: "accuracy", value: 0.7),
        ])))

        XCTAssertEqual(history.evaluationName, "accuracy")
        XCTAssertEqual(history.latestValue(of: .evaluation), 0.7)
    }

    func testElapsedAndRate() {
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: ["a"])))
        for step in 0..<101 { history.ingest(.step(Fixtures.step(step, groups: 1))) }

        // Steps arrive 0.1 s apart, ending at start + 10 s.
        XCTAssertEqual(history.elapsedSeconds(now: Fixtures.startTime + 12)!, 12, accuracy: 1e-9)
        XCTAssertEqual(history.stepsPerSecond(now: Fixtures.startTime + 10)!, 10, accuracy: 0.01)
        XCTAssertEqual(history.stepsPerSecond(now: Fixtures.startTime + 30)!, 100.0 / 30, accuracy: 0.01)

        history.ingest(.event(Fixtures.event(.trainerEnd, at: 100)))
        XCTAssertEqual(history.elapsedSeconds(now: Fixtures.startTime + 500)!, 10, accuracy: 1e-9)
        XCTAssertNil(history.stepsPerSecond(now: Fixtures.startTime + 500))
    }

    func testRestartHeaderClearsEnded() {
        var history = Fixtures.run(steps: 50, groups: ["a"])
        history.ingest(.event(Fixtures.event(.trainerEnd, at: 49)))
        XCTAssertTrue(history.hasEnded)

        history.ingest(.header(Fixtures.header(groups: ["a"])))

        XCTAssertFalse(history.hasEnded)
        XCTAssertEqual(history.latestStep, 49)
        XCTAssertNotNil(history.stepsPerSecond(now: Fixtures.startTime + 5))
    }

    func testRestartHeaderUnfreezesBrain() {
        var history = Fixtures.run(steps: 50, groups: ["a"])
        history.ingest(.event(Fixtures.event(.freeze, at: 20)))
        XCTAssertEqual(history.brainState, .frozen)

        history.ingest(.header(Fixtures.header(groups: ["a"])))

        XCTAssertEqual(history.brainState, .learning)
    }

    func testNewRunHeaderStartsOver() {
        var history = Fixtures.run(steps: 50, groups: ["a"])
        history.ingest(.header(Fixtures.header(groups: ["x", "y"], runName: "other")))

        XCTAssertEqual(history.groupNames, ["x", "y"])
        XCTAssertEqual(history.stepCount, 0)
        XCTAssertNil(history.latestStep)
    }

    func testPausedCopyKeepsItsValues() {
        var live = Fixtures.run(steps: 50, groups: ["a"])
        let paused = live

        for step in 50..<80 { live.ingest(.step(Fixtures.step(step, groups: 1))) }

        XCTAssertEqual(paused.latestStep, 49)
        XCTAssertEqual(live.latestStep, 79)
    }

    func testWindowNeverStartsBeforeRun() {
        let history = Fixtures.run(steps: 300, groups: ["a"], events: false)

        XCTAssertEqual(history.steps(in: .last(100)), 200...299)
        XCTAssertEqual(history.steps(in: .last(1_000)), 0...299)
        XCTAssertEqual(history.steps(in: .all), 0...299)
    }
}
