import Foundation
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// The `--plain` output: the format of one progress line, and the loop that prints them.
final class PlainProgressTests: XCTestCase {
    private struct LineCase {
        var id: String
        var step: StepRecord
        var stepsPerSecond: Double
        var evaluation: EvaluationRecord?
        var expected: String
    }

    private static func step(_ number: Int, loss: Double, knobs: [(Double, Double, Double)]) -> StepRecord {
        StepRecord(
            step: number, wallTime: 0, loss: loss, reward: nil, baseline: nil,
            groups: knobs.map { GroupStep(scale: $0.0, clip: $0.1, dampen: $0.2, gradientNorm: 1) }
        )
    }

    private static let neutralGroup = [(1.0, 1.0, 0.0)]
    private static let evaluation = EvaluationRecord(
        step: 1200, wallTime: 0, metrics: [Metric(name: "accuracy", value: 0.951), Metric(name: "loss", value: 0.17)]
    )

    private static let lineCases: [LineCase] = [
        LineCase(
            id: "one neutral group",
            step: step(10, loss: 0.23456, knobs: neutralGroup), stepsPerSecond: 5,
            expected: "step 10/100  5 steps/s  loss 0.2346  knobs (group mean) scale 1.000 clip 1.000 dampen 0.000\n"
        ),
        LineCase(
            id: "first metric only",
            step: step(1200, loss: 0.2345, knobs: neutralGroup), stepsPerSecond: 2310.4, evaluation: evaluation,
            expected: "step 1200/100  2310 steps/s  loss 0.2345  accuracy 0.9510  knobs (group mean) scale 1.000 clip 1.000 dampen 0.000\n"
        ),
        LineCase(
            id: "mean over groups",
            step: step(3, loss: 1, knobs: [(1, 1, 0), (2, 0.5, 0.25), (0.5, 0.2, 0.8)]), stepsPerSecond: 0.4,
            expected: "step 3/100  0 steps/s  loss 1.0000  knobs (group mean) scale 1.167 clip 0.567 dampen 0.350\n"
        ),
        LineCase(
            id: "no groups",
            step: step(1, loss: 2.5, knobs: []), stepsPerSecond: 1,
            expected: "step 1/100  1 steps/s  loss 2.5000\n"
        ),
        LineCase(
            id: "tiny loss",
            step: step(9, loss: 3.7e-9, knobs: neutralGroup), stepsPerSecond: 12,
            expected: "step 9/100  12 steps/s  loss 3.700e-09  knobs (group mean) scale 1.000 clip 1.000 dampen 0.000\n"
        ),
        LineCase(
            id: "NaN loss",
            step: step(7, loss: .nan, knobs: neutralGroup), stepsPerSecond: 12,
            expected: "step 7/100  12 steps/s  loss nan  knobs (group mean) scale 1.000 clip 1.000 dampen 0.000\n"
        ),
        LineCase(
            id: "infinite loss",
            step: step(8, loss: -.infinity, knobs: neutralGroup), stepsPerSecond: 12,
            expected: "step 8/100  12 steps/s  loss -inf  knobs (group mean) scale 1.000 clip 1.000 dampen 0.000\n"
        ),
        LineCase(
            id: "NaN metric",
            step: step(9, loss: 0.5, knobs: []), stepsPerSecond: 12,
            evaluation: EvaluationRecord(step: 9, wallTime: 0, metrics: [Metric(name: "accuracy", value: .nan)]),
            expected: "step 9/100  12 steps/s  loss 0.5000  accuracy nan\n"
        ),
        LineCase(
            id: "evaluation without metrics",
            step: step(9, loss: 0.5, knobs: []), stepsPerSecond: 12,
            evaluation: EvaluationRecord(step: 9, wallTime: 0, metrics: []),
            expected: "step 9/100  12 steps/s  loss 0.5000\n"
        ),
        LineCase(
            id: "non-finite rate",
            step: step(4, loss: 0.5, knobs: []), stepsPerSecond: .infinity,
            expected: "step 4/100  inf steps/s  loss 0.5000\n"
        ),
        LineCase(
            id: "rate beyond Int",
            step: step(4, loss: 0.5, knobs: []), stepsPerSecond: 1e30,
            expected: "step 4/100  1000000000000000019884624838656 steps/s  loss 0.5000\n"
        ),
    ]

    func testProgressLineFormatting() {
        for lineCase in Self.lineCases {
            let line = PlainProgress.progressLine(
                step: lineCase.step, of: 100, stepsPerSecond: lineCase.stepsPerSecond, evaluation: lineCase.evaluation
            )
            XCTAssertEqual(line, lineCase.expected, lineCase.id)
        }
    }

    func testRunPrintsRecordsSentAtEnd() throws {
        let steps = 100
        let harness = try TrainerHarness(plan: .testPlan(steps: steps))
        let progress = PlainProgress(totalSteps: steps, trainerThread: harness.thread, commands: harness.commands, output: harness.output)
        var written: [String] = []
        var clockCalls = 0

        harness.start()
        let result = progress.run(
            write: { written.append($0) },
            stopSignal: { nil },
            clock: {
                // The loop calls the clock once before its first drain and once after it.
                // Waiting for the trainer there makes every later record arrive after a
                // drain and before the loop looks at whether training has ended.
                clockCalls += 1
                if clockCalls == 2 {
                    _ = harness.thread.wait()
                }
                return Double(clockCalls)
            }
        )

        XCTAssertEqual(result.outcome, .finished(steps: steps))
        XCTAssertNil(result.signal)
        XCTAssertTrue(written.contains("[event] training finished after \(steps) steps\n"), "\(written)")
        let lastLine = try XCTUnwrap(written.last)
        XCTAssertTrue(lastLine.hasPrefix("step \(steps)/\(steps)  "), lastLine)
    }

    func testRunOmitsBrainUpdateEvents() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 60))
        let progress = PlainProgress(totalSteps: 60, trainerThread: harness.thread, commands: harness.commands, output: harness.output)
        var written: [String] = []

        harness.start()
        let result = progress.run(write: { written.append($0) }, stopSignal: { nil })

        XCTAssertEqual(result.outcome, .finished(steps: 60))
        XCTAssertEqual(written.filter { $0.hasPrefix("[event]") }, [
            "[event] training spirals with sgd, 60 steps\n",
            "[event] snapshot saved to \(harness.runDirectory.snapshotPath(step: 60))\n",
            "[event] training finished after 60 steps\n",
        ])
        XCTAssertEqual(harness.records.events(.brainUpdate), [], "the harness drained nothing; PlainProgress did")
    }

    func testRunStopsTrainerOnSignal() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 1_000_000))
        let progress = PlainProgress(totalSteps: 1_000_000, trainerThread: harness.thread, commands: harness.commands, output: harness.output)
        var written: [String] = []
        var signalChecks = 0

        harness.start()
        let result = progress.run(
            write: { written.append($0) },
            stopSignal: {
                signalChecks += 1
                return signalChecks >= 3 ? SIGTERM : nil
            }
        )

        XCTAssertEqual(result.signal, SIGTERM)
        guard case .stopped(let steps) = result.outcome else {
            return XCTFail("expected a stopped run, got \(result.outcome)")
        }
        XCTAssertTrue(written.contains("[event] training stopped at step \(steps)\n"), "\(written)")
        XCTAssertEqual(harness.commands.drain().items, [], "one stop is sent, however often the signal is seen")
    }
}
