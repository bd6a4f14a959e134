import OpOpTrace
import XCTest

final class TraceRoundTripTests: XCTestCase {
    func testSampleRecordsRoundTrip() throws {
        for record in SampleRecords.all {
            let line = TraceEncoder.encode(record)
            assertSameRecord(try TraceDecoder.decode(line: line), record)
        }
    }

    func testNonFiniteValuesRoundTrip() throws {
        let step = StepRecord(
            step: 3, wallTime: 10, loss: .nan, reward: .infinity, baseline: -.infinity,
            groups: [GroupStep(scale: -0.0, clip: .nan, dampen: .infinity, gradientNorm: -.infinity)]
        )
        var header = SampleRecords.header
        header.optimizerSettings = ["lr": .nan, "momentum": .infinity]
        header.startTime = -.infinity
        let evaluation = EvaluationRecord(step: 4, wallTime: .nan, metrics: [Metric(name: "loss", value: .nan)])

        for record: TraceRecord in [.step(step), .header(header), .evaluation(evaluation)] {
            assertSameRecord(try TraceDecoder.decode(line: TraceEncoder.encode(record)), record)
        }
    }

    func testAwkwardStringsRoundTrip() throws {
        let names = [
            "", " ", "\"quoted\"", #"back\slash"#, "line\nbreak", "\u{0}\u{1}\u{1f}\u{7f}",
            "über", "🧠", "\u{2028}\u{2029}", "mixed \"\\\n🧠\t", String(repeating: "x", count: 5000),
        ]
        var header = SampleRecords.header
        header.groupNames = names
        header.runName = names.joined()
        header.brainSettings = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, Double($0.offset)) })

        assertSameRecord(try TraceDecoder.decode(line: TraceEncoder.encode(.header(header))), .header(header))

        for name in names {
            let event = EventRecord(step: 1, wallTime: 2, kind: .reset, group: name, path: name, message: name)
            assertSameRecord(try TraceDecoder.decode(line: TraceEncoder.encode(.event(event))), .event(event))
        }
    }

    func testEveryEventKindRoundTrips() throws {
        for kind in EventRecord.Kind.allCases {
            let event = EventRecord(step: 9, wallTime: 1.25, kind: kind, message: kind.rawValue)
            assertSameRecord(try TraceDecoder.decode(line: TraceEncoder.encode(.event(event))), .event(event))
        }
    }

    func testRandomStepRecordsRoundTrip() throws {
        var random = TestRandom(seed: 2024)
        func anyDouble() -> Double {
            switch Int.random(in: 0..<10, using: &random) {
            case 0: return Double(bitPattern: random.next())
            case 1: return [.nan, .infinity, -.infinity, 0, -0.0, 1][Int.random(in: 0..<6, using: &random)]
            default: return Double.random(in: -10...10, using: &random)
            }
        }

        for _ in 0..<2000 {
            let step = StepRecord(
                step: Int.random(in: 0...Int.max, using: &random),
                wallTime: anyDouble(),
                loss: anyDouble(),
                reward: Bool.random(using: &random) ? anyDouble() : nil,
                baseline: Bool.random(using: &random) ? anyDouble() : nil,
                groups: (0..<Int.random(in: 0...6, using: &random)).map { _ in
                    GroupStep(scale: anyDouble(), clip: anyDouble(), dampen: anyDouble(), gradientNorm: anyDouble())
                }
            )
            assertSameRecord(try TraceDecoder.decode(line: TraceEncoder.encode(.step(step))), .step(step))
        }
    }

    func testDecodeFromBytesMatchesString() throws {
        let line = TraceEncoder.encode(.step(SampleRecords.step(5)))
        let bytes = Array(line.utf8)

        let fromBytes = try bytes.withUnsafeBufferPointer { try TraceDecoder.decode(line: $0) }

        XCTAssertEqual(fromBytes, .step(SampleRecords.step(5)))
    }
}
