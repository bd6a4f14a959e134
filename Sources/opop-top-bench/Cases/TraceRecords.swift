import Foundation
import OpOpTrace

/// Generated trace records for the trace cases: full-precision random values, as a real
/// run writes them, so parsing costs what it costs on real traces.
enum TraceRecords {
    static let startTime = 1_800_000_000.0

    static func header(groups: Int, runName: String = "bench") -> TraceRecord {
        .header(TraceHeader(
            runName: runName, workload: "synthetic", groupNames: (0..<groups).map { "layers.\($0).weight" },
            optimizer: "adam", optimizerSettings: ["lr": 0.001], brainSettings: ["exploration_std": 0.1],
            startTime: startTime))
    }

    /// Returns `count` step records numbered 1...count with random values from `seed`.
    static func steps(count: Int, groups: Int, seed: UInt64 = 99) -> [StepRecord] {
        var random = SplitMix(state: seed)
        return (1...count).map { step in
            StepRecord(
                step: step, wallTime: startTime + Double(step) / 10_000 + random.unit() * 1e-5,
                loss: random.unit() * 3, reward: random.unit() * 0.2 - 0.1, baseline: random.unit() * 0.02 - 0.01,
                groups: (0..<groups).map { _ in
                    GroupStep(
                        scale: 0.01 + random.unit() * 9.99, clip: 0.1 + random.unit() * 4.9, dampen: random.unit(),
                        gradientNorm: random.unit() * 20)
                })
        }
    }

    /// Writes a header, then step lines 1...steps cycling through `templates` with their
    /// step numbers replaced, then a `trainer_end` event; returns the size in bytes.
    ///
    /// Throws `BenchError` when the file cannot be written.
    @discardableResult
    static func writeTrace(path: String, steps: Int, templates: [StepRecord], groups: Int) throws -> Int {
        guard let file = fopen(path, "wb") else {
            throw BenchError("creating '\(path)' failed: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 22)
        var total = 0

        func flush() throws {
            let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            guard written == bytes.count else {
                throw BenchError("writing '\(path)' failed after \(total + written) bytes: \(String(cString: strerror(errno)))")
            }
            total += bytes.count
            bytes.removeAll(keepingCapacity: true)
        }

        TraceEncoder.append(header(groups: groups), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        for step in 1...steps {
            var record = templates[(step - 1) % templates.count]
            record.step = step
            record.wallTime = startTime + Double(step) / 10_000
            TraceEncoder.append(.step(record), to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            if bytes.count >= 1 << 22 {
                try flush()
            }
        }
        TraceEncoder.append(
            .event(EventRecord(step: steps, wallTime: startTime + Double(steps) / 10_000, kind: .trainerEnd, message: "training finished")),
            to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        try flush()
        return total
    }

    /// Returns the mean encoded size of a step line with `groups` groups, newline included.
    static func meanLineBytes(groups: Int) -> Double {
        let sample = steps(count: 200, groups: groups)
        let total = sample.reduce(0) { $0 + TraceEncoder.encode(.step($1)).utf8.count + 1 }
        return Double(total) / Double(sample.count)
    }
}

/// A small seeded generator (SplitMix64), so generated traces are the same on every run.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Returns a Double in 0..<1 with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
