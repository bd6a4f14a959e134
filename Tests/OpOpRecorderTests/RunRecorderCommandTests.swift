import Foundation
import OpOpBrain
import OpOpRecorder
import OpOpTrace
import XCTest

final class RunRecorderCommandTests: XCTestCase {
    private var fixture: RecorderFixture!

    override func setUpWithError() throws {
        fixture = try RecorderFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    func testFreezeAndUnfreezeWriteEvents() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        recorder.record(step: RecorderFixture.stepRecord(1))

        XCTAssertEqual(recorder.apply(.freeze), .success(.freeze, step: 1, message: "brain frozen at step 1"))
        XCTAssertTrue(brain.isFrozen)
        XCTAssertEqual(recorder.apply(.freeze), .success(.freeze, step: 1, message: "the brain is already frozen at step 1"))

        recorder.record(step: RecorderFixture.stepRecord(2))
        XCTAssertEqual(recorder.apply(.unfreeze), .success(.unfreeze, step: 2, message: "brain unfrozen at step 2"))
        XCTAssertFalse(brain.isFrozen)
        XCTAssertEqual(
            recorder.apply(.unfreeze),
            .success(.unfreeze, step: 2, message: "the brain is not frozen at step 2; nothing to unfreeze")
        )
        recorder.close()

        XCTAssertEqual(try fixture.events(.freeze).map(\.step), [1], "a second freeze writes no event")
        XCTAssertEqual(try fixture.events(.unfreeze).map(\.step), [2])
    }

    func testResetNamesGroupAndRejectsUnknown() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        recorder.record(step: RecorderFixture.stepRecord(4))

        XCTAssertEqual(
            recorder.apply(.reset(group: "layer1.bias")),
            .success(.reset(group: "layer1.bias"), step: 4, message: "group layer1.bias reset to neutral at step 4")
        )
        XCTAssertEqual(
            recorder.apply(.reset(group: "layer9")),
            .failure(.reset(group: "layer9"), error: "unknown group 'layer9' (groups: layer1.weight, layer1.bias)")
        )
        XCTAssertEqual(recorder.apply(.resetAll), .success(.resetAll, step: 4, message: "all 2 groups reset to neutral at step 4"))
        recorder.close()

        let resets = try fixture.events(.reset)
        XCTAssertEqual(resets.map(\.group), ["layer1.bias", nil])
        XCTAssertEqual(resets.map(\.step), [4, 4])
    }

    func testSnapshotWritesFileAndEvent() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        recorder.record(step: RecorderFixture.stepRecord(12))

        let path = fixture.runDirectory.snapshotsPath + "/step-000012.npz"
        XCTAssertEqual(recorder.apply(.snapshot), .success(.snapshot, step: 12, message: "snapshot saved to \(path)", path: path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let again = recorder.apply(.snapshot)
        XCTAssertEqual(again.path, path)
        XCTAssertEqual(again.message, "the brain at step 12 is already saved in \(path)")
        recorder.close()

        XCTAssertEqual(try fixture.events(.snapshot).map(\.path), [path])
        XCTAssertEqual(try fixture.events(.note).map(\.message), ["the brain at step 12 is already saved in \(path)"])
        let reloaded = try RecorderFixture.makeBrain()
        XCTAssertNoThrow(try reloaded.loadCheckpoint(from: path))
    }

    func testSnapshotFailureIsErrorReplyAndEvent() throws {
        let brain = try RecorderFixture.makeBrain()
        let recorder = try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))
        try FileManager.default.removeItem(atPath: fixture.runDirectory.snapshotsPath)
        XCTAssertTrue(FileManager.default.createFile(atPath: fixture.runDirectory.snapshotsPath, contents: Data()))

        let reply = recorder.apply(.snapshot)
        XCTAssertFalse(reply.ok)
        XCTAssertTrue(reply.error?.hasPrefix("snapshot failed: ") ?? false, "\(reply)")
        recorder.close()
        XCTAssertEqual(try fixture.events(.error).count, 1)
        XCTAssertTrue(try fixture.events(.error)[0].message.hasPrefix("snapshot failed, training continues: "))
    }

    func testRunWithoutBrainRejectsCommands() throws {
        let recorder = try RunRecorder(
            runDirectory: fixture.runDirectory, header: RecorderFixture.header(brainSettings: [:]), controls: .none
        )
        recorder.record(step: RecorderFixture.stepRecord(3))

        let commands: [ControlCommand] = [.freeze, .unfreeze, .reset(group: "layer1.weight"), .resetAll, .snapshot]
        for command in commands {
            XCTAssertEqual(recorder.apply(command), .failure(command, error: RunRecorder.noBrainMessage), "\(command)")
        }
        XCTAssertEqual(recorder.apply(.ping), .success(.ping, step: 3, message: "training at step 3"))

        let ping = try ControlClient(runDirectory: fixture.runDirectory.path).send(.ping)
        XCTAssertNil(ping.frozen, "a run without a brain reports no frozen state")
        recorder.close()

        let events = try fixture.readTrace().filter { if case .event = $0 { true } else { false } }
        XCTAssertEqual(events, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixture.runDirectory.snapshotsPath), [])
    }

    func testHeaderGroupsMustMatchBrain() throws {
        let brain = try Brain(configuration: BrainConfiguration(groupNames: ["other"]))
        XCTAssertThrowsError(try RunRecorder(runDirectory: fixture.runDirectory, header: RecorderFixture.header(), controls: .brain(brain))) { error in
            XCTAssertEqual(error as? RunRecorderError, .groupMismatch(header: RecorderFixture.groupNames, brain: ["other"]))
        }
    }
}
