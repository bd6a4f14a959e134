import OpOpBrain
import OpOpTrace
import OpOpWorkloads
import XCTest
@testable import OpOpTopApp

/// A trainer run without commands, checked through the trace file it leaves behind.
final class TrainerTraceTests: XCTestCase {
    func testFinishedRunTraceHasEveryRecord() throws {
        let steps = 240
        let harness = try TrainerHarness(plan: .testPlan(steps: steps, evaluationInterval: 50))
        harness.start()
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(outcome, .finished(steps: steps))

        let workloadGroups = try WorkloadCatalog.make(name: "spirals", seed: 7).groups.map(\.name)
        guard case .header(let header)? = trace.first else {
            return XCTFail("the trace starts with \(String(describing: trace.first)), not a header")
        }
        XCTAssertEqual(header.groupNames, workloadGroups)
        XCTAssertEqual(header.workload, "spirals")
        XCTAssertEqual(header.runName, "run")
        XCTAssertEqual(header.optimizer, "sgd")
        XCTAssertEqual(header.optimizerSettings["lr"] ?? .nan, 0.05, accuracy: 1e-7)
        XCTAssertEqual(header.brainSettings["exploration_std"] ?? .nan, 0.1, accuracy: 1e-7)

        let records = trace.steps
        XCTAssertEqual(records.map(\.step), Array(1...steps))
        XCTAssertTrue(records.allSatisfy { $0.groups.count == workloadGroups.count })
        XCTAssertTrue(records.allSatisfy { $0.loss.isFinite })
        // Windows of 32 steps open at steps 1, 33, 65, ... and each is rewarded at the step that closes it.
        let window = BrainConfiguration(groupNames: ["g"]).decisionWindow
        XCTAssertEqual(records.filter { $0.reward != nil }.map(\.step), Array(stride(from: window + 1, through: steps, by: window)))
        XCTAssertTrue(records.allSatisfy { $0.baseline != nil })

        XCTAssertEqual(trace.evaluations.map(\.step), [50, 100, 150, 200, 240])
        XCTAssertEqual(trace.evaluations.first?.metrics.map(\.name), ["accuracy", "loss"])
    }

    func testFinishedRunEventsFrameTheSteps() throws {
        let steps = 100
        let harness = try TrainerHarness(plan: .testPlan(steps: steps))
        harness.start()
        _ = harness.finish()
        let trace = try harness.readTrace()

        guard case .event(let start)? = trace.dropFirst().first else {
            return XCTFail("the record after the header is \(String(describing: trace.dropFirst().first)), not trainer_start")
        }
        XCTAssertEqual(start.kind, .trainerStart)
        XCTAssertEqual(start.step, 0)
        XCTAssertEqual(start.message, "training spirals with sgd, \(steps) steps")

        guard case .event(let end)? = trace.last else {
            return XCTFail("the trace ends with \(String(describing: trace.last)), not trainer_end")
        }
        XCTAssertEqual(end.kind, .trainerEnd)
        XCTAssertEqual(end.step, steps)
        XCTAssertEqual(end.message, "training finished after \(steps) steps")

        XCTAssertEqual(trace.events(.trainerStart).count, 1)
        XCTAssertEqual(trace.events(.trainerEnd).count, 1)
        XCTAssertEqual(trace.events(.error), [])
        XCTAssertEqual(trace.events(.badValue), [])
    }

    func testBrainUpdateEventsFollowEveryBatch() throws {
        // With the defaults, a cycle is two pairs of 32-step windows and one probe window,
        // 160 steps. Each cycle's two pairs fill a batch of 4 decisions, so the policy updates
        // when the second pair's last window closes: steps 129, 289, 449, ...
        let steps = 500
        let configuration = BrainConfiguration(groupNames: ["g"])
        XCTAssertEqual(configuration.updateInterval, 2 * configuration.guardProbeInterval, "one batch per cycle")
        let cycle = configuration.decisionWindow * (2 * configuration.guardProbeInterval + 1)
        let harness = try TrainerHarness(plan: .testPlan(steps: steps))
        harness.start()
        _ = harness.finish()
        let trace = try harness.readTrace()

        let firstUpdate = 4 * configuration.decisionWindow + 1
        let expected = Array(stride(from: firstUpdate, through: steps, by: cycle))
        XCTAssertEqual(trace.events(.brainUpdate).map(\.step), expected)

        for event in trace.events(.brainUpdate) {
            let index = try XCTUnwrap(trace.firstIndex(of: .event(event)))
            XCTAssertEqual(trace[index - 1], .step(try XCTUnwrap(trace.step(event.step))), "the update at step \(event.step) follows its step record")
        }
    }

    func testOutputMailboxMatchesTrace() throws {
        // The dashboard ingests the mailbox and a replay ingests the file, and both must
        // see the same records for the two to draw the same screen.
        let harness = try TrainerHarness(plan: .testPlan(workload: "digits", steps: 60, evaluationInterval: 20))
        harness.start()
        _ = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(harness.droppedCount, 0)
        XCTAssertEqual(trace.count, harness.records.count)
        XCTAssertEqual(trace, harness.records)
        XCTAssertEqual(trace.header?.groupNames, ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
    }

    func testZeroExplorationKeepsKnobsNeutral() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: 80, exploration: 0))
        harness.start()
        _ = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(trace.steps.count, 80)
        for record in trace.steps {
            XCTAssertEqual(record.knobs, Array(repeating: [1, 1, 0], count: record.groups.count), "step \(record.step)")
        }
        XCTAssertEqual(trace.events(.brainUpdate), [], "without exploration the policy has no gradient")
    }
}
