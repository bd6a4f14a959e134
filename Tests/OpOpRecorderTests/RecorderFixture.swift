import Foundation
import OpOpBrain
import OpOpRecorder
import OpOpTrace
import XCTest

/// A scratch run directory and the pieces a recorder needs, with a brain of two groups.
struct RecorderFixture {
    static let groupNames = ["layer1.weight", "layer1.bias"]

    let scratch: String
    let runDirectory: RunDirectory

    init() throws {
        var bytes = Array((NSTemporaryDirectory() + "/opop-recorder-tests-XXXXXX").utf8CString)
        guard let created = mkdtemp(&bytes) else {
            throw XCTSkip("mkdtemp failed in '\(NSTemporaryDirectory())'")
        }
        scratch = String(cString: created)
        runDirectory = try RunDirectory.create(path: scratch + "/run", workload: "test", now: Date())
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    static func makeBrain() throws -> Brain {
        try Brain(configuration: BrainConfiguration(groupNames: groupNames))
    }

    static func header(brainSettings: [String: Double] = ["update_interval": 16]) -> TraceHeader {
        TraceHeader(
            runName: "run", workload: "test", groupNames: groupNames, optimizer: "sgd",
            optimizerSettings: ["lr": 0.1], brainSettings: brainSettings, startTime: 1_700_000_000
        )
    }

    static func stepRecord(_ step: Int) -> StepRecord {
        StepRecord(
            step: step, wallTime: 1_700_000_000 + Double(step), loss: 1 / Double(step + 1), reward: nil, baseline: nil,
            groups: groupNames.map { _ in GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: 0.5) }
        )
    }

    func readTrace() throws -> [TraceRecord] {
        try TraceReader(path: runDirectory.tracePath).readToEnd()
    }

    func events(_ kind: EventRecord.Kind) throws -> [EventRecord] {
        try readTrace().compactMap { record in
            guard case .event(let event) = record, event.kind == kind else { return nil }
            return event
        }
    }
}
