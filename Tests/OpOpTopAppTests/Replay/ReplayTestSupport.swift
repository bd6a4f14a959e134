import Foundation
import OpOpTrace
@testable import OpOpTopApp

/// The recorded fixture runs and generated traces for replay tests.
enum ReplayFixtures {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let smallRun = fixturesDirectory.appendingPathComponent("small-run").path
    static let smallRunNoBrain = fixturesDirectory.appendingPathComponent("small-run-no-brain").path

    /// Opens runs for playback and waits until their background pass has read them.
    static func openRuns(_ paths: [String]) throws -> [ReplayRun] {
        let runs = try paths.map { try ReplayInput.open($0).makeRun() }
        for run in runs { try waitForIndex(run) }
        return runs
    }

    static func waitForIndex(_ run: ReplayRun, timeout: TimeInterval = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !run.indexer.index.snapshot.isComplete {
            guard Date() < deadline else { throw SetupError("the replay index of \(run.label) was not complete after \(timeout) s") }
            usleep(5_000)
        }
    }

    /// Returns the loss a generated trace records at `step`.
    static func loss(at step: Int) -> Double { 1 + Double(step % 1_000) / 1_000 }
    /// Returns the scale a generated trace records for `group` at `step`.
    static func scale(at step: Int, group: Int) -> Double { Double(group + 1) + Double(step % 97) / 100 }

    /// Writes a trace of steps 1...`steps` with `groups` groups, `stepsPerSecond` steps
    /// per second of run time, a snapshot event every `eventInterval` steps, and returns
    /// its size in bytes.
    @discardableResult
    static func writeTrace(
        to path: String, steps: Int, groups: Int, eventInterval: Int = 10_000, stepsPerSecond: Double = 10
    ) throws -> Int {
        let names = (0..<groups).map { "layer\($0).weight" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 22)
        guard let file = fopen(path, "wb") else { throw SetupError("cannot create '\(path)'") }
        defer { fclose(file) }
        var total = 0

        func flush() {
            total += bytes.count
            bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
            bytes.removeAll(keepingCapacity: true)
        }

        TraceEncoder.append(.header(TraceHeader(
            runName: "generated", workload: "synthetic", groupNames: names, optimizer: "sgd",
            optimizerSettings: ["lr": 0.1], brainSettings: ["exploration_std": 0.1], startTime: 1_800_000_000
        )), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        for step in 1...steps {
            let groupSteps = (0..<groups).map {
                GroupStep(scale: scale(at: step, group: $0), clip: 1, dampen: 0, gradientNorm: 0.5)
            }
            TraceEncoder.append(.step(StepRecord(
                step: step, wallTime: 1_800_000_000 + Double(step) / stepsPerSecond, loss: loss(at: step),
                reward: 0.01, baseline: 0, groups: groupSteps
            )), to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            if step % eventInterval == 0 {
                TraceEncoder.append(.event(EventRecord(
                    step: step, wallTime: 1_800_000_000 + Double(step) / stepsPerSecond, kind: .snapshot, group: nil,
                    message: "snapshot at \(step)"
                )), to: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
            if bytes.count >= 1 << 22 { flush() }
        }
        flush()
        return total
    }
}
