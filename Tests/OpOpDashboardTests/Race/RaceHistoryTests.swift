import XCTest
import OpOpTrace
@testable import OpOpDashboard

/// The ratio brain/bare of loss EMAs, whatever order the two runs' records arrive in.
final class RaceHistoryTests: XCTestCase {
    private func step(_ number: Int, loss: Double) -> TraceRecord {
        .step(Fixtures.step(number, loss: loss, groups: 1))
    }

    func testFirstRatioIsQuotientOfFirstLosses() throws {
        var race = RaceHistory()
        race.ingest(step(1, loss: 1.5), from: .brain)
        XCTAssertNil(race.latestRatio, "a ratio before the bare run reached step 1")

        race.ingest(step(1, loss: 2.0), from: .bare)

        XCTAssertEqual(try XCTUnwrap(race.latestRatio), 0.75, accuracy: 1e-12)
        XCTAssertEqual(race.commonStep, 1)
    }

    func testRatioFollowsEMAsNotRawLosses() throws {
        var race = RaceHistory()
        let brainLosses = [2.0, 1.0, 4.0]
        let bareLosses = [2.0, 2.0, 2.0]
        for (index, (brain, bare)) in zip(brainLosses, bareLosses).enumerated() {
            race.ingest(step(index + 1, loss: brain), from: .brain)
            race.ingest(step(index + 1, loss: bare), from: .bare)
        }

        // The brain EMA: 2, then 2 + w(1 - 2), then that + w(4 - that).
        let weight = RunHistory.emaWeight
        let second = 2 + weight * (1 - 2)
        let third = second + weight * (4 - second)
        XCTAssertEqual(try XCTUnwrap(race.latestRatio), third / 2, accuracy: 1e-12)
        XCTAssertNotEqual(try XCTUnwrap(race.latestRatio), 2, accuracy: 0.5, "the ratio used the raw losses")
    }

    func testLossesNearZeroGiveNoRatio() throws {
        var race = RaceHistory()
        race.ingest(step(1, loss: 2), from: .brain)
        race.ingest(step(1, loss: 2), from: .bare)
        XCTAssertFalse(race.bothNearZero)

        // Both EMAs fall far below a millionth of 2; their quotient would be noise.
        for number in 2...2000 {
            race.ingest(step(number, loss: 1e-12 * Double(number % 3)), from: .brain)
            race.ingest(step(number, loss: 1e-13), from: .bare)
        }
        XCTAssertTrue(race.bothNearZero)
        XCTAssertLessThan(try XCTUnwrap(race.ratio.latestStep), 2000, "no ratio once both are near 0")

        // One run climbing back out of the floor brings the ratio back.
        race.ingest(step(2001, loss: 50), from: .brain)
        race.ingest(step(2001, loss: 1e-13), from: .bare)
        XCTAssertFalse(race.bothNearZero)
    }

    func testOneRunAheadStillMatchesSteps() throws {
        var race = RaceHistory()
        for number in 1...300 {
            race.ingest(step(number, loss: 0.8), from: .brain)
        }
        for number in 1...300 {
            race.ingest(step(number, loss: 1.0), from: .bare)
        }

        let columns = race.ratio.columns(ColumnMapping(steps: 1...300, count: 300))
        XCTAssertEqual(columns.compactMap { $0 }.count, 300, "steps without a ratio")
        XCTAssertEqual(try XCTUnwrap(race.latestRatio), 0.8, accuracy: 1e-12)
        XCTAssertEqual(race.ratio.firstStep, 1)
    }

    func testStepMissingInOneRunGetsNoRatio() throws {
        var race = RaceHistory()
        race.ingest(step(1, loss: 1), from: .brain)
        race.ingest(step(1, loss: 1), from: .bare)
        race.ingest(step(2, loss: .nan), from: .brain)
        race.ingest(step(2, loss: 1), from: .bare)
        race.ingest(step(3, loss: 1), from: .brain)
        race.ingest(step(3, loss: 1), from: .bare)

        let columns = race.ratio.columns(ColumnMapping(steps: 1...3, count: 3))
        XCTAssertNotNil(columns[0])
        XCTAssertNil(columns[1], "step 2 had a NaN brain loss, so it has no ratio")
        XCTAssertEqual(race.ratio.latestStep, 3)
    }

    func testQuotientWithoutMeaningIsNil() {
        XCTAssertNil(RaceHistory.ratio(brain: 1, bare: 0))
        XCTAssertNil(RaceHistory.ratio(brain: .infinity, bare: 1))
        XCTAssertNil(RaceHistory.ratio(brain: 1, bare: .nan))
        XCTAssertNil(RaceHistory.ratio(brain: -1, bare: 1))
        XCTAssertEqual(RaceHistory.ratio(brain: 0, bare: 2), 0)
    }
}
