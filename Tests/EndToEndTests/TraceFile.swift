import Foundation

/// The records of a run's `trace.jsonl`, read with Foundation's `JSONDecoder` rather than
/// the project's own reader, so these tests check the file as another program reads it.
///
/// Only the fields the tests compare are kept. Lines without a final line feed are
/// left out, because the writer may still be in the middle of them.
struct TraceFile {
    /// One group's knobs in a step record.
    struct Knobs: Hashable, CustomStringConvertible {
        var scale: Double
        var clip: Double
        var dampen: Double

        static let neutral = Knobs(scale: 1, clip: 1, dampen: 0)

        var description: String { "(scale \(scale), clip \(clip), dampen \(dampen))" }
    }

    struct Step {
        var step: Int
        var loss: Double
        var knobs: [Knobs]
    }

    struct Event {
        var step: Int
        var kind: String
        var group: String?
        var path: String?
        var message: String
    }

    enum Record {
        case header(groups: [String])
        case step(Step)
        case event(Event)
        /// An `eval` record, or a type these tests do not look at.
        case other(type: String)
    }

    let records: [Record]

    /// Polls the trace in `runDirectory` every 100 ms until `condition` holds, and
    /// returns the trace that satisfied it.
    ///
    /// - Throws: `HarnessError` naming `what` when `timeout` seconds pass; the trace
    ///   writer flushes about every half second, so allow several seconds.
    @discardableResult
    static func waitUntil(
        _ what: String,
        in runDirectory: URL,
        timeout: TimeInterval = 30,
        condition: (TraceFile) -> Bool
    ) throws -> TraceFile {
        let deadline = Date().addingTimeInterval(timeout)
        var summary = "no trace file yet"
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path(in: runDirectory).path) {
                let trace = try TraceFile(runDirectory: runDirectory)
                if condition(trace) {
                    return trace
                }
                summary = "\(trace.steps.count) step records and the events \(trace.events.map(\.kind).filter { $0 != "brain_update" })"
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw HarnessError("timed out after \(timeout) s waiting for \(what) in the trace; it had \(summary)")
    }

    /// Returns the path of the trace in `runDirectory`.
    static func path(in runDirectory: URL) -> URL {
        runDirectory.appendingPathComponent("trace.jsonl")
    }

    /// Reads every complete line of the trace in `runDirectory`.
    ///
    /// - Throws: `HarnessError` when the file cannot be read or a complete line is not a
    ///   record of the documented format.
    init(runDirectory: URL) throws {
        let url = Self.path(in: runDirectory)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw HarnessError("could not read the trace \(url.path): \(error)")
        }

        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The piece after the last line feed is empty or a line still being written.
        lines.removeLast()

        var records: [Record] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            records.append(try Self.decode(Data(line), lineNumber: index + 1, path: url.path))
        }
        self.records = records
    }

    var steps: [Step] {
        records.compactMap { if case .step(let step) = $0 { step } else { nil } }
    }

    var events: [Event] {
        records.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    /// Returns the records after the `occurrence`-th event of `kind` (1 for the first),
    /// up to the next event of `endKind` or the end of the trace. Returns nil when that
    /// event is not in the trace yet.
    func records(afterEvent kind: String, occurrence: Int = 1, until endKind: String? = nil) -> ArraySlice<Record>? {
        let matches = records.indices.filter { Self.isEvent(records[$0], kind: kind) }
        guard matches.count >= occurrence else { return nil }

        let following = records[(matches[occurrence - 1] + 1)...]
        guard let endKind, let end = following.firstIndex(where: { Self.isEvent($0, kind: endKind) }) else {
            return following
        }
        return records[following.startIndex..<end]
    }

    /// Returns the step records among `records(afterEvent:occurrence:until:)`.
    func steps(afterEvent kind: String, occurrence: Int = 1, until endKind: String? = nil) -> [Step]? {
        records(afterEvent: kind, occurrence: occurrence, until: endKind)?.compactMap { record in
            if case .step(let step) = record { step } else { nil }
        }
    }

    /// Returns the last step record before the first event of `kind`.
    func lastStep(beforeEvent kind: String) -> Step? {
        guard let end = records.firstIndex(where: { Self.isEvent($0, kind: kind) }) else { return nil }
        for record in records[..<end].reversed() {
            if case .step(let step) = record { return step }
        }
        return nil
    }

    private static func isEvent(_ record: Record, kind: String) -> Bool {
        if case .event(let event) = record, event.kind == kind { return true }
        return false
    }

    private static func decode(_ line: Data, lineNumber: Int, path: String) throws -> Record {
        do {
            return try JSONDecoder().decode(LineDecoder.self, from: line).record
        } catch {
            throw HarnessError("line \(lineNumber) of \(path) is not a trace record (\(error)): \(String(decoding: line, as: UTF8.self))")
        }
    }
}

/// Decodes one trace line into a `TraceFile.Record`.
///
/// NOTE: This uses `JSONDecoder` because `JSONSerialization` in swift-corelibs-foundation
/// (Swift 6.3.1 on Linux) returns `NSDecimalNumber`, whose `doubleValue` can be off by a
/// few units in the last place, and the knob comparisons here are exact.
private struct LineDecoder: Decodable {
    let record: TraceFile.Record

    private enum Field: String, CodingKey {
        case type, step, loss, groups, kind, group, path, message
    }

    private enum KnobField: String, CodingKey {
        case scale, clip, dampen
    }

    init(from decoder: Decoder) throws {
        let fields = try decoder.container(keyedBy: Field.self)
        let type = try fields.decode(String.self, forKey: .type)

        switch type {
        case "header":
            record = .header(groups: try fields.decode([String].self, forKey: .groups))

        case "step":
            var groups = try fields.nestedUnkeyedContainer(forKey: .groups)
            var knobs: [TraceFile.Knobs] = []
            while !groups.isAtEnd {
                let group = try groups.nestedContainer(keyedBy: KnobField.self)
                knobs.append(TraceFile.Knobs(
                    scale: try group.decode(TraceNumber.self, forKey: .scale).value,
                    clip: try group.decode(TraceNumber.self, forKey: .clip).value,
                    dampen: try group.decode(TraceNumber.self, forKey: .dampen).value
                ))
            }
            record = .step(TraceFile.Step(
                step: try Self.wholeNumber(fields, .step),
                loss: try fields.decode(TraceNumber.self, forKey: .loss).value,
                knobs: knobs
            ))

        case "event":
            record = .event(TraceFile.Event(
                step: try Self.wholeNumber(fields, .step),
                kind: try fields.decode(String.self, forKey: .kind),
                group: try fields.decodeIfPresent(String.self, forKey: .group),
                path: try fields.decodeIfPresent(String.self, forKey: .path),
                message: try fields.decode(String.self, forKey: .message)
            ))

        default:
            record = .other(type: type)
        }
    }

    /// Reads an integer field, which the format also allows as a number with a zero
    /// fraction, such as `120.0`.
    private static func wholeNumber(_ fields: KeyedDecodingContainer<Field>, _ field: Field) throws -> Int {
        let number = try fields.decode(TraceNumber.self, forKey: field).value
        guard let integer = Int(exactly: number) else {
            throw DecodingError.dataCorruptedError(forKey: field, in: fields, debugDescription: "'\(field.rawValue)' is \(number), not a whole number")
        }
        return integer
    }
}

/// A number field: a JSON number, or one of the strings "NaN", "Infinity" and
/// "-Infinity" that the format uses for values JSON cannot write.
private struct TraceNumber: Decodable {
    let value: Double

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }

        switch try container.decode(String.self) {
        case "NaN": value = .nan
        case "Infinity": value = .infinity
        case "-Infinity": value = -.infinity
        case let other:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(other)' is not a number")
        }
    }
}
