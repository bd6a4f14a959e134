import OpOpExport
import OpOpTrace
import XCTest

final class RunDigestTests: XCTestCase {
    private func digest(_ records: [TraceRecord]) -> RunDigest {
        var digest = RunDigest()
        records.forEach { digest.add($0) }
        return digest
    }

    func testCountsLossesAndKnobs() throws {
        let result = digest([
            SyntheticTrace.header(),
            SyntheticTrace.step(1, loss: 3, reward: nil, baseline: 0, knobs: [(1, 1, 0), (2, 0.5, 0.1)]),
            SyntheticTrace.step(2, loss: 1, reward: 0.5, baseline: 0.1, knobs: [(0.5, 2, 0.2), (4, 0.5, 0.3)]),
            SyntheticTrace.step(3, loss: 2, reward: -0.2, baseline: 0.05, knobs: [(3, 1, 0.4), (1, 0.25, 0.2)]),
            SyntheticTrace.event(.freeze, at: 1),
            SyntheticTrace.event(.unfreeze, at: 2),
            SyntheticTrace.event(.reset, at: 2, group: "a"),
            SyntheticTrace.event(.reset, at: 3),
            SyntheticTrace.event(.snapshot, at: 3),
        ])

        XCTAssertEqual(result.stepCount, 3)
        XCTAssertEqual(result.firstStep, 1)
        XCTAssertEqual(result.lastStep, 3)
        XCTAssertEqual(result.firstTime, 1_000.1)
        XCTAssertEqual(result.lastTime, 1_000.3)
        XCTAssertEqual(result.finalLoss, .init(step: 3, value: 2))
        XCTAssertEqual(result.bestLoss, .init(step: 2, value: 1))
        XCTAssertEqual(result.eventCount(.freeze), 1)
        XCTAssertEqual(result.eventCount(.unfreeze), 1)
        XCTAssertEqual(result.eventCount(.reset), 2)
        XCTAssertEqual(result.eventCount(.snapshot), 1)
        XCTAssertEqual(result.badValues.total, 0)

        let a = result.groups[0]
        XCTAssertEqual(a.name, "a")
        XCTAssertEqual(a.scale.minimum, 0.5)
        XCTAssertEqual(a.scale.maximum, 3)
        XCTAssertEqual(a.scale.median, 1)
        XCTAssertEqual(a.dampen.median, 0.2)
        let b = result.groups[1]
        XCTAssertEqual(b.scale.median, 2)
        XCTAssertEqual(b.clip.minimum, 0.25)
        XCTAssertEqual(b.clip.median, 0.5)
        XCTAssertTrue(b.clip.medianIsExact)
    }

    func testEvenCountMedianAveragesMiddleValues() {
        let result = digest([
            SyntheticTrace.header(groups: ["only"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 1, knobs: [(2, 1, 0)]),
            SyntheticTrace.step(3, loss: 1, knobs: [(4, 1, 0)]),
            SyntheticTrace.step(4, loss: 1, knobs: [(10, 1, 0)]),
        ])
        XCTAssertEqual(result.groups[0].scale.median, 3)
    }

    func testNonFiniteValuesAreCountedNotUsed() {
        let result = digest([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: .nan, reward: .infinity, baseline: 0, knobs: [(.nan, 1, 0)], gradientNorm: .infinity),
            SyntheticTrace.step(2, loss: 0.5, knobs: [(2, -.infinity, 0)], gradientNorm: 1),
            SyntheticTrace.step(3, loss: .infinity, knobs: [(4, 1, .nan)], gradientNorm: nil),
        ])

        XCTAssertEqual(result.badValues.losses, 2)
        XCTAssertEqual(result.badValues.rewards, 1)
        XCTAssertEqual(result.badValues.gradientNorms, 1)
        XCTAssertEqual(result.badValues.knobs, 3)
        XCTAssertEqual(result.finalLoss, .init(step: 2, value: 0.5))
        XCTAssertEqual(result.bestLoss, .init(step: 2, value: 0.5))
        XCTAssertEqual(result.groups[0].scale.minimum, 2)
        XCTAssertEqual(result.groups[0].scale.median, 3)
        XCTAssertEqual(result.groups[0].scale.nonFiniteCount, 1)
        XCTAssertEqual(result.groups[0].gradientNorm.count, 1)
        XCTAssertEqual(result.groups[0].nonFiniteKnobCount, 3)
    }

    func testSameHeaderContinuesRun() {
        let result = digest([
            SyntheticTrace.header(),
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0), (1, 1, 0)]),
            SyntheticTrace.header(),
            SyntheticTrace.step(2, loss: 0.5, knobs: [(1, 1, 0), (1, 1, 0)]),
        ])
        XCTAssertEqual(result.stepCount, 2)
        XCTAssertEqual(result.continuedHeaderCount, 1)
        XCTAssertEqual(result.discardedRunCount, 0)
    }

    func testOtherGroupsStartOver() {
        var result = RunDigest()
        result.badValues.corruptLines = 2
        for record in [
            SyntheticTrace.header(),
            SyntheticTrace.step(1, loss: 0.1, knobs: [(1, 1, 0), (1, 1, 0)]),
            SyntheticTrace.event(.freeze, at: 1),
            SyntheticTrace.header(groups: ["x"]),
            SyntheticTrace.step(5, loss: 2, knobs: [(3, 1, 0)]),
        ] {
            result.add(record)
        }

        XCTAssertEqual(result.stepCount, 1)
        XCTAssertEqual(result.bestLoss, .init(step: 5, value: 2))
        XCTAssertEqual(result.eventCount(.freeze), 0)
        XCTAssertEqual(result.groups.map(\.name), ["x"])
        XCTAssertEqual(result.discardedRunCount, 1)
        XCTAssertEqual(result.badValues.corruptLines, 2)
    }

    func testBackwardsStepIsCountedAndFollowed() {
        let result = digest([
            SyntheticTrace.header(groups: ["g"]),
            SyntheticTrace.step(1, loss: 3, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 2, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(3, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 2.5, knobs: [(1, 1, 0)]),
            SyntheticTrace.step(2, loss: 2.4, knobs: [(1, 1, 0)]),
        ])

        XCTAssertEqual(result.rewindCount, 2)
        XCTAssertEqual(result.earliestRewindStep, 2)
        XCTAssertEqual(result.lastStep, 2)
        XCTAssertEqual(result.finalLoss, .init(step: 2, value: 2.4))
        XCTAssertEqual(result.stepCount, 5, "counts include replaced steps, as documented")
    }

    func testRecordsBeforeHeaderAreSkipped() {
        let result = digest([
            SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]),
            SyntheticTrace.event(.freeze, at: 1),
        ])
        XCTAssertNil(result.header)
        XCTAssertEqual(result.recordsBeforeHeader, 2)
        XCTAssertEqual(result.stepCount, 0)
    }

    func testWrongGroupCountIsBadValue() {
        let result = digest([
            SyntheticTrace.header(groups: ["a", "b"]),
            SyntheticTrace.step(1, loss: 1, knobs: [(2, 1, 0)]),
            SyntheticTrace.step(2, loss: 1, knobs: [(1, 1, 0), (1, 1, 0), (9, 9, 9)]),
        ])
        XCTAssertEqual(result.badValues.mismatchedSteps, 2)
        XCTAssertEqual(result.groups[0].scale.count, 2)
        XCTAssertEqual(result.groups[1].scale.count, 1)
    }

    func testFixtureDigestMatchesItsTrace() throws {
        let result = try FixtureExports.digest(FixtureTraces.smallRun)
        XCTAssertEqual(result.header?.groupNames.count, 6)
        XCTAssertEqual(result.stepCount, 480)
        XCTAssertEqual(result.eventCount(.freeze), 1)
        XCTAssertEqual(result.eventCount(.unfreeze), 1)
        XCTAssertEqual(result.eventCount(.reset), 2)
        XCTAssertEqual(result.eventCount(.snapshot), 2)
        XCTAssertTrue(result.hasBrain)
        XCTAssertFalse(try FixtureExports.digest(FixtureTraces.smallRunNoBrain).hasBrain)
    }
}
