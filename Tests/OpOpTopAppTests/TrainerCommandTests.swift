import OpOpBrain
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// Dashboard commands sent to a running trainer, checked through the trace.
///
/// Each test waits for the trainer to publish a command's event before it sends the next
/// command, so every command applies at a later step boundary than the one before it.
final class TrainerCommandTests: XCTestCase {
    /// More steps than any test runs, so each test ends its run with `.stop`.
    let endlessSteps = 1_000_000
    let neutral: [Double] = [1, 1, 0]
    /// Steps each brain decision is held for.
    let window = BrainConfiguration(groupNames: ["g"]).decisionWindow

    func testFreezeHoldsKnobsUntilUnfreeze() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(40)
        harness.send(.toggleFreeze)
        let freeze = try harness.waitForEvent(.freeze)
        try harness.waitForStep(freeze.step + 25)
        harness.send(.toggleFreeze)
        let unfreeze = try harness.waitForEvent(.unfreeze)
        try harness.waitForStep(unfreeze.step + window + 1)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(freeze.message, "brain frozen at step \(freeze.step)")
        XCTAssertEqual(unfreeze.message, "brain unfrozen at step \(unfreeze.step)")
        XCTAssertGreaterThanOrEqual(unfreeze.step - freeze.step, 25)

        let frozenKnobs = try XCTUnwrap(trace.step(freeze.step)).knobs
        for step in (freeze.step + 1)...unfreeze.step {
            let record = try XCTUnwrap(trace.step(step))
            XCTAssertEqual(record.knobs, frozenKnobs, "step \(step) is frozen")
            XCTAssertNil(record.reward, "a frozen brain credits no reward, step \(step)")
        }
        XCTAssertEqual(trace.events(.brainUpdate).filter { (freeze.step + 1)...unfreeze.step ~= $0.step }, [])

        // The first step after unfreezing opens a new window, which is rewarded when it
        // closes, `window` steps later, and not before.
        let firstFree = try XCTUnwrap(trace.step(unfreeze.step + 1))
        XCTAssertNotEqual(firstFree.knobs, frozenKnobs, "the brain decides again after unfreezing")
        for step in (unfreeze.step + 1)...(unfreeze.step + window) {
            XCTAssertNil(try XCTUnwrap(trace.step(step)).reward, "step \(step) is inside the first window")
        }
        XCTAssertNotNil(try XCTUnwrap(trace.step(unfreeze.step + window + 1)).reward)
    }

    func testResetGroupWhileFrozenIsNeutral() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(40)
        harness.send(.toggleFreeze)
        let freeze = try harness.waitForEvent(.freeze)
        try harness.waitForStep(freeze.step + 5)
        harness.send(.resetGroup(1))
        let reset = try harness.waitForEvent(.reset)
        try harness.waitForStep(reset.step + 10)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        let groupName = try XCTUnwrap(trace.header?.groupNames[1])
        XCTAssertEqual(reset.group, groupName)
        XCTAssertEqual(reset.message, "group \(groupName) reset to neutral at step \(reset.step)")
        XCTAssertGreaterThan(reset.step, freeze.step)

        // While frozen the trace shows the held knobs, so the reset's neutral knobs are
        // exact here rather than a sample around a neutral mean.
        let frozenKnobs = try XCTUnwrap(trace.step(freeze.step)).knobs
        XCTAssertNotEqual(frozenKnobs[1], neutral, "the sampled knobs before the reset are not neutral")
        for step in (freeze.step + 1)...reset.step {
            XCTAssertEqual(try XCTUnwrap(trace.step(step)).knobs, frozenKnobs, "step \(step), before the reset")
        }

        var expected = frozenKnobs
        expected[1] = neutral
        for step in (reset.step + 1)...(reset.step + 10) {
            XCTAssertEqual(try XCTUnwrap(trace.step(step)).knobs, expected, "step \(step), after the reset")
        }
    }

    func testResetGroupDropsPendingReward() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(20)
        harness.send(.resetGroup(0))
        let reset = try harness.waitForEvent(.reset)
        try harness.waitForStep(reset.step + window + 1)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        // The window open at the reset is dropped; the next one opens at the step after it.
        XCTAssertEqual(reset.group, trace.header?.groupNames[0])
        for step in (reset.step + 1)...(reset.step + window) {
            XCTAssertNil(try XCTUnwrap(trace.step(step)).reward, "step \(step): the window before a reset is not credited")
        }
        XCTAssertNotNil(try XCTUnwrap(trace.step(reset.step + window + 1)).reward)
    }

    func testResetAllWhileFrozenIsNeutral() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(30)
        harness.send(.toggleFreeze)
        try harness.waitForEvent(.freeze)
        harness.send(.resetAll)
        let reset = try harness.waitForEvent(.reset)
        try harness.waitForStep(reset.step + 5)
        harness.send(.stop)
        _ = harness.finish()
        let trace = try harness.readTrace()

        let groupCount = try XCTUnwrap(trace.header?.groupNames.count)
        XCTAssertNil(reset.group, "a reset of all groups names no group")
        XCTAssertEqual(reset.message, "all \(groupCount) groups reset to neutral at step \(reset.step)")

        XCTAssertNotEqual(try XCTUnwrap(trace.step(reset.step)).knobs, Array(repeating: neutral, count: groupCount))
        for step in (reset.step + 1)...(reset.step + 5) {
            XCTAssertEqual(try XCTUnwrap(trace.step(step)).knobs, Array(repeating: neutral, count: groupCount), "step \(step)")
        }
    }

    func testResetOutOfRangeGroupReportsError() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(10)
        harness.send(.resetGroup(6))
        harness.send(.resetGroup(-1))
        try harness.waitForEvent(.error)
        let lastError = try harness.waitForEvent(.error)
        try harness.waitForStep(lastError.step + 20)
        harness.send(.stop)
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        guard case .stopped(let steps) = outcome else {
            return XCTFail("expected the run to go on until stopped, got \(outcome)")
        }
        XCTAssertGreaterThanOrEqual(steps, lastError.step + 20, "training continues after the errors")
        XCTAssertEqual(trace.steps.map(\.step), Array(1...steps))
        XCTAssertEqual(trace.events(.reset), [])

        let errors = trace.events(.error).map(\.message)
        XCTAssertEqual(errors, [
            "reset failed: group index 6 is out of range: this brain has 6 groups, so use an index in 0...5",
            "reset failed: group index -1 is out of range: this brain has 6 groups, so use an index in 0...5",
        ])
    }

    func testStopEndsRunAtStepBoundary() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(15)
        harness.send(.stop)
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        guard case .stopped(let steps) = outcome else {
            return XCTFail("expected a stopped run, got \(outcome)")
        }
        XCTAssertGreaterThanOrEqual(steps, 15)
        XCTAssertEqual(trace.steps.map(\.step), Array(1...steps))

        let end = try XCTUnwrap(trace.events(.trainerEnd).first)
        XCTAssertEqual(end.step, steps)
        XCTAssertEqual(end.message, "training stopped at step \(steps)")
        XCTAssertEqual(trace.last, .event(end))
    }

    func testCommandsBeforeStopStillApply() throws {
        // Commands apply in the order sent, and a stop ends the run only after the
        // commands queued ahead of it.
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.send(.toggleFreeze)
        harness.send(.resetAll)
        harness.send(.stop)
        harness.send(.toggleFreeze)
        harness.start()
        let outcome = harness.finish()
        let trace = try harness.readTrace()

        XCTAssertEqual(outcome, .stopped(steps: 0))
        XCTAssertEqual(trace.steps, [])
        XCTAssertEqual(trace.events.map(\.kind), [.trainerStart, .freeze, .reset, .trainerEnd])
        XCTAssertEqual(trace.events(.unfreeze), [], "the command after the stop is never applied")
    }
}
