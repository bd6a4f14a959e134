import Foundation
import OpOpTrace
import XCTest

/// The recorded runs under Tests/Fixtures, read with the real trace reader.
enum FixtureTraces {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let smallRun = fixturesDirectory.appendingPathComponent("small-run/trace.jsonl").path
    static let smallRunNoBrain = fixturesDirectory.appendingPathComponent("small-run-no-brain/trace.jsonl").path

    /// Reads every record of a trace, and the number of lines that did not decode.
    static func read(_ path: String) throws -> (records: [TraceRecord], corruptLines: Int) {
        let reader = TraceReader(path: path)
        let records = try reader.readToEnd()
        return (records, reader.corruptLineCount)
    }
}

/// Builders for small synthetic traces.
enum SyntheticTrace {
    static func header(
        run: String = "synthetic", groups: [String] = ["a", "b"], brain: Bool = true
    ) -> TraceRecord {
        .header(TraceHeader(
            runName: run, workload: "test", groupNames: groups, optimizer: "sgd",
            optimizerSettings: ["lr": 0.1], brainSettings: brain ? ["exploration_std": 0.1] : [:],
            startTime: 1_000
        ))
    }

    static func step(
        _ number: Int, loss: Double, reward: Double? = nil, baseline: Double? = nil,
        knobs: [(Double, Double, Double)], gradientNorm: Double? = 1
    ) -> TraceRecord {
        .step(StepRecord(
            step: number, wallTime: 1_000 + Double(number) / 10, loss: loss, reward: reward, baseline: baseline,
            groups: knobs.map { GroupStep(scale: $0.0, clip: $0.1, dampen: $0.2, gradientNorm: gradientNorm) }
        ))
    }

    static func event(_ kind: EventRecord.Kind, at step: Int, group: String? = nil) -> TraceRecord {
        .event(EventRecord(step: step, wallTime: 1_000 + Double(step) / 10, kind: kind, group: group, message: "\(kind)"))
    }
}
