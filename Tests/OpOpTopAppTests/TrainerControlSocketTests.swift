import Foundation
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// Control-socket commands sent to a running trainer, as `opop-top attach` sends them.
final class TrainerControlSocketTests: XCTestCase {
    let endlessSteps = 1_000_000

    /// Sends `command` from another thread, as another process would, and waits for the reply.
    private func send(_ command: ControlCommand, to harness: TrainerHarness) throws -> ControlReply {
        let client = ControlClient(runDirectory: harness.runDirectory.path)
        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.result = Result { () throws(ControlClientError) in try client.send(command, timeout: TrainerHarness.waitLimit) }
            done.signal()
        }
        done.wait()
        return try XCTUnwrap(box.result).get()
    }

    func testSocketAndKeysShareOneCodePath() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps))
        harness.start()
        try harness.waitForStep(20)

        let ping = try send(.ping, to: harness)
        XCTAssertEqual(ping.frozen, false)
        XCTAssertEqual(ping.run, harness.trainer.header.runName)

        let freeze = try send(.freeze, to: harness)
        XCTAssertEqual(freeze.message, "brain frozen at step \(try XCTUnwrap(freeze.step))")
        let freezeEvent = try harness.waitForEvent(.freeze)
        XCTAssertEqual(freezeEvent.step, freeze.step, "the reply and the event name the same step")

        // The dashboard's toggle now unfreezes the brain the socket froze.
        harness.send(.toggleFreeze)
        _ = try harness.waitForEvent(.unfreeze)
        XCTAssertEqual(try send(.ping, to: harness).frozen, false)

        let unknown = try send(.reset(group: "nope"), to: harness)
        XCTAssertFalse(unknown.ok)
        XCTAssertEqual(unknown.error, "unknown group 'nope' (groups: \(harness.trainer.header.groupNames.joined(separator: ", ")))")

        let snapshot = try send(.snapshot, to: harness)
        let path = try XCTUnwrap(snapshot.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))

        harness.send(.stop)
        _ = harness.finish()
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.runDirectory.path + "/control.sock"))
        XCTAssertEqual(try harness.readTrace().events(.snapshot).first?.path, path)
    }

    func testSocketWithoutBrainRepliesError() throws {
        let harness = try TrainerHarness(plan: .testPlan(steps: endlessSteps, useBrain: false))
        harness.start()
        try harness.waitForStep(5)

        let reply = try send(.freeze, to: harness)
        XCTAssertEqual(reply, ControlReply(ok: false, command: "freeze", error: "this run has no brain: there is nothing to freeze, unfreeze, reset or save"))
        XCTAssertNil(try send(.ping, to: harness).frozen)

        harness.send(.stop)
        _ = harness.finish()
    }
}

private final class ReplyBox: @unchecked Sendable {
    // @unchecked: written by one thread before it signals, read after the wait.
    var result: Result<ControlReply, ControlClientError>?
}
