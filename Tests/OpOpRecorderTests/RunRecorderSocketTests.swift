import Foundation
import OpOpBrain
import OpOpRecorder
import OpOpTrace
import Synchronization
import XCTest

final class RunRecorderSocketTests: XCTestCase {
    private var fixture: RecorderFixture!

    override func setUpWithError() throws {
        fixture = try RecorderFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    /// Sends `command` on a background thread and runs a training loop of recorded steps
    /// until its reply arrives. Returns the reply.
    private func sendWhileTraining(_ command: ControlCommand, recorder: RunRecorder, from step: inout Int) throws -> ControlReply {
        let reply = Mutex<Result<ControlReply, ControlClientError>?>(nil)
        let path = fixture.runDirectory.path
        DispatchQueue.global().async {
            let result = Result { () throws(ControlClientError) in try ControlClient(runDirectory: path).send(command, timeout: 60) }
            reply.withLock { $0 = result }
        }

        let deadline = Date().addingTimeInterval(60)
        while reply.withLock({ $0 }) == nil {
            step += 1
            recorder.record(step: RecorderFixture.stepRecord(step))
            recorder.applyControlCommands()
            usleep(500)
            guard Date() < deadline else {
                throw XCTSkip("no reply to \(command) within 60 seconds")
            }
        }
        return try XCTUnwrap(reply.withLock { $0 }).get()
    }

    func testSocketFreezeTakesEffectAtStepBoundary() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        var step = 0

        let reply = try sendWhileTraining(.freeze, recorder: recorder, from: &step)
        XCTAssertTrue(reply.ok, "\(reply)")
        XCTAssertTrue(brain.isFrozen)
        let replyStep = try XCTUnwrap(reply.step)
        XCTAssertEqual(reply.message, "brain frozen at step \(replyStep)")

        let ping = try ControlClient(runDirectory: fixture.runDirectory.path).send(.ping)
        XCTAssertEqual(ping.frozen, true)
        XCTAssertEqual(ping.run, "run")
        recorder.close()

        XCTAssertEqual(try fixture.events(.freeze).map(\.step), [replyStep], "the event and the reply name the same step")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.runDirectory.path + "/control.sock"))
    }

    func testSocketUnknownGroupAndSnapshot() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        var step = 0

        let unknown = try sendWhileTraining(.reset(group: "nope"), recorder: recorder, from: &step)
        XCTAssertEqual(unknown, ControlReply(ok: false, command: "reset", error: "unknown group 'nope' (groups: layer1.weight, layer1.bias)"))

        let snapshot = try sendWhileTraining(.snapshot, recorder: recorder, from: &step)
        let path = try XCTUnwrap(snapshot.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(path, fixture.runDirectory.snapshotPath(step: try XCTUnwrap(snapshot.step)))
        recorder.close()
    }

    func testSocketWithoutBrainRepliesError() throws {
        let recorder = try RunRecorder(
            runDirectory: fixture.runDirectory, header: RecorderFixture.header(brainSettings: [:]), controls: .none
        )
        var step = 0
        let reply = try sendWhileTraining(.resetAll, recorder: recorder, from: &step)
        XCTAssertEqual(reply, ControlReply(ok: false, command: "reset_all", error: RunRecorder.noBrainMessage))
        recorder.close()
    }

    func testSecondRecorderOnSameDirectoryIsRejected() throws {
        let first = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .none)
        defer { first.close() }
        XCTAssertThrowsError(try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .none)) { error in
            guard case .controlServer(.alreadyServed)? = error as? RunRecorderError else {
                return XCTFail("expected an already-served error, got \(error)")
            }
        }
    }
}
