import Foundation
import OpOpTrace
import XCTest

final class OpopLogReaderTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var logPath: String!
    private var now = 1_000.0

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        logPath = directory.file("train-run.log")
    }

    override func tearDown() {
        directory.remove()
    }

    private func makeReader() -> OpopLogReader {
        OpopLogReader(path: logPath, clock: { [unowned self] in now })
    }

    private static let brainLine = "[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.5x/2.5u r=0.007 ~1000s remaining"

    func testBrainLogMapsToRecords() throws {
        try write([
            "Optimizer: AdamW lr=3e-4",
            Self.brainLine,
            "[eval] top1=9.3% top5=20.9% (1024 tok)",
            "[ckpt] Saved /tmp/ckpt.npz (2988.3 MB)",
            "[ctrl] lr: 0.001 -> 0.0001",
            "[130/50000] 0% loss=nan acc=0.1 | brain: p=2x/1u m=0.1x/1u r=-1e-3 ~990s remaining",
        ].map { $0 + "\n" }.joined())
        let reader = makeReader()

        let records = try reader.readAvailable()

        XCTAssertEqual(records.count, 6)
        XCTAssertEqual(records.first, .header(TraceHeader(
            runName: "train-run", workload: "opop log", groupNames: ["proj", "mlp"], optimizer: "unknown",
            optimizerSettings: [:], brainSettings: ["logged_groups": 2], startTime: 1_000
        )))
        XCTAssertEqual(records[1], .step(StepRecord(
            step: 120, wallTime: 1_000, loss: 6.65, reward: 0.007, baseline: nil, groups: [
                GroupStep(scale: 0.34, clip: 1, dampen: 0, gradientNorm: nil),
                GroupStep(scale: 0.5, clip: 1, dampen: 0, gradientNorm: nil),
            ]
        )))
        XCTAssertEqual(records[2], .evaluation(EvaluationRecord(
            step: 120, wallTime: 1_000, metrics: [Metric(name: "top1", value: 9.3 / 100), Metric(name: "top5", value: 20.9 / 100)]
        )))
        XCTAssertEqual(records[3], .event(EventRecord(
            step: 120, wallTime: 1_000, kind: .snapshot, path: "/tmp/ckpt.npz", message: "checkpoint saved to /tmp/ckpt.npz"
        )))
        XCTAssertEqual(records[4], .event(EventRecord(step: 120, wallTime: 1_000, kind: .note, message: "lr changed from 0.001 to 0.0001")))

        guard case .step(let last) = records[5] else {
            return XCTFail("expected a step, got \(records[5])")
        }
        XCTAssertEqual(last.step, 130)
        XCTAssertTrue(last.loss.isNaN)
        XCTAssertEqual(last.reward, -1e-3)
        XCTAssertEqual(last.groups.map(\.scale), [2, 0.1])
        XCTAssertTrue(last.groups.allSatisfy { $0.gradientNorm == nil })
        XCTAssertEqual(reader.ignoredLineCount, 1)
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testLogWithoutBrainHasNoGroups() throws {
        try write("[1/10] 10% loss=2.3 acc=0.1 ~9s remaining\n[2/10] 20% loss=2.1 acc=0.2 ~8s remaining\n")
        let records = try makeReader().readAvailable()

        guard case .header(let header) = records.first else {
            return XCTFail("expected a header first, got \(records)")
        }
        XCTAssertEqual(header.groupNames, [])
        XCTAssertEqual(header.brainSettings, [:])
        XCTAssertEqual(records.dropFirst().map(\.stepNumber), [1, 2])
        XCTAssertEqual(records.dropFirst().map(\.stepLoss), [2.3, 2.1])
    }

    func testRecordsBeforeFirstProgressWaitForHeader() throws {
        try write("[ckpt] Saved early.npz (1 MB)\n")
        let reader = makeReader()

        XCTAssertEqual(try reader.readAvailable(), [])

        try append(Self.brainLine + "\n")
        let records = try reader.readAvailable()

        XCTAssertEqual(records.map(\.kindName), ["header", "event", "step"])
        XCTAssertEqual(records[1], .event(EventRecord(
            step: 0, wallTime: 1_000, kind: .snapshot, path: "early.npz", message: "checkpoint saved to early.npz"
        )))
    }

    func testFinishedLogWithoutProgressStillReturnsRecords() throws {
        try write("[eval] top1=50%")
        let records = try makeReader().readToEnd()

        XCTAssertEqual(records.map(\.kindName), ["header", "eval"])
    }

    func testHalfLineHeldUntilNewline() throws {
        let cut = Self.brainLine.index(Self.brainLine.startIndex, offsetBy: 40)
        try write(String(Self.brainLine[..<cut]))
        let reader = makeReader()

        XCTAssertEqual(try reader.readAvailable(), [])

        try append(String(Self.brainLine[cut...]) + "\n")
        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step"])
        XCTAssertEqual(reader.corruptLineCount, 0)
    }

    func testHalfLineTakenAtEnd() throws {
        try write("[1/2] 50% loss=1 acc=0 ~1s remaining\n[2/2] 100% loss=0.5 acc=0 ~0s remaining")
        let reader = makeReader()

        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step"])
        XCTAssertEqual(try reader.readToEnd().map(\.stepLoss), [0.5])
    }

    func testCRLFAndProgressRewrites() throws {
        try write("[1/3] 1% loss=3 acc=0\r[2/3] 2% loss=2 acc=0\r\n[3/3] 3% loss=1 acc=0\r\n")
        let records = try makeReader().readAvailable()

        XCTAssertEqual(records.compactMap(\.stepNumber), [2, 3])
    }

    func testGarbageCountedNotFatal() throws {
        var bytes = Array("[1/9] 1% loss=1 acc=0\n".utf8)
        bytes += [0xFF, 0x00, 0x41, 0x0A]
        bytes += Array("[2/9] 2% acc=0\n[3/9] 3% loss=0.5 acc=0\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: logPath))
        let reader = makeReader()

        XCTAssertEqual(try reader.readAvailable().compactMap(\.stepNumber), [1, 3])
        XCTAssertEqual(reader.corruptLineCount, 2)
        XCTAssertEqual(reader.lastCorruption, "line 3: progress line [2/9] has no 'loss=' field")
    }

    func testTruncationStartsNewRun() throws {
        try write(Self.brainLine + "\n")
        let reader = makeReader()
        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step"])

        try write("[1/5] 1% loss=4 acc=0\n")

        let records = try reader.readAvailable()
        XCTAssertEqual(reader.restartCount, 1)
        XCTAssertEqual(records.map(\.kindName), ["header", "step"])
        guard case .header(let header) = records.first else {
            return XCTFail("expected a header, got \(records)")
        }
        XCTAssertEqual(header.groupNames, [], "the new log has no brain fields")
    }

    func testReplacementByRenameStartsNewRun() throws {
        try write(Self.brainLine + "\n")
        let reader = makeReader()
        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step"])

        let replacement = directory.file("replacement.log")
        try Data((Self.brainLine + "\n[121/50000] 0% loss=6 acc=0 ~1s remaining\n").utf8).write(to: URL(fileURLWithPath: replacement))
        XCTAssertEqual(rename(replacement, logPath), 0)

        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step", "step"])
        XCTAssertEqual(reader.restartCount, 1)
    }

    func testMissingFileReadsEmptyThenFollows() throws {
        let reader = makeReader()
        XCTAssertEqual(try reader.readAvailable(), [])
        XCTAssertThrowsError(try reader.readToEnd()) { error in
            XCTAssertEqual(error as? TraceReaderError, .notFound(path: logPath))
        }

        try write("[1/5] 1% loss=4 acc=0\n")
        XCTAssertEqual(try reader.readAvailable().map(\.kindName), ["header", "step"])
    }

    func testGroupsOutsideFirstBrainSectionDropped() throws {
        try write(Self.brainLine + "\n[121/50000] 0% loss=6 acc=0 | brain: p=1x/1u q=3x/1u r=0 ~1s remaining\n")
        let reader = makeReader()
        let records = try reader.readAvailable()

        guard case .step(let step) = records.last else {
            return XCTFail("expected a step, got \(String(describing: records.last))")
        }
        XCTAssertEqual(step.groups[0].scale, 1)
        XCTAssertTrue(step.groups[1].scale.isNaN, "mlp is missing from this line")
        XCTAssertEqual(reader.droppedDecisionCount, 1)
    }

    func testRunNameFromPath() {
        XCTAssertEqual(OpopLogReader.runName(forPath: "/a/b/train.log"), "train")
        XCTAssertEqual(OpopLogReader.runName(forPath: "out.txt"), "out")
        XCTAssertEqual(OpopLogReader.runName(forPath: "logs/raw"), "raw")
        XCTAssertEqual(OpopLogReader.runName(forPath: ".log"), ".log")
    }

    private func write(_ text: String) throws {
        let handle = FileHandle(forWritingAtPath: logPath)
        if let handle {
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } else {
            XCTAssertTrue(FileManager.default.createFile(atPath: logPath, contents: Data(text.utf8)))
        }
    }

    private func append(_ text: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: logPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}

extension TraceRecord {
    var kindName: String {
        switch self {
        case .header: return "header"
        case .step: return "step"
        case .evaluation: return "eval"
        case .event: return "event"
        }
    }

    var stepNumber: Int? {
        if case .step(let step) = self { return step.step }
        return nil
    }

    var stepLoss: Double? {
        if case .step(let step) = self { return step.loss }
        return nil
    }
}
