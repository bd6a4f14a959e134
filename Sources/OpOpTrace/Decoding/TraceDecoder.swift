/// Turns one line of a JSON Lines trace back into a record.
///
/// The rules that keep old readers working on newer traces:
/// - Unknown fields are ignored.
/// - A record with an unknown `"type"`, or an event with an unknown `"kind"`, decodes to
///   nil so the caller can skip it.
/// - A header whose major version is newer than `TraceHeader.formatVersion` throws,
///   because its records may no longer mean what this reader thinks.
///
/// Optional fields may be absent or `null`. Numbers may be JSON numbers or the strings
/// "NaN", "Infinity" and "-Infinity".
public enum TraceDecoder {
    /// The maximum line length the decoder accepts, in bytes; longer lines throw
    /// `lineTooLong`. It bounds the work one line can cost, and real records stay far
    /// below it.
    public static let maxLineBytes = 8 << 20

    /// The deepest nesting a record may have; records use three levels.
    public static let maxDepth = 16

    /// Decodes one line (without its newline).
    ///
    /// - Parameter lineNumber: The line's one-based number in its file, used in errors.
    /// - Returns: The record, or nil for a record type or event kind this reader does not
    ///   know.
    public static func decode(line: String, lineNumber: Int? = nil) throws(TraceDecodingError) -> TraceRecord? {
        var line = line
        let result = line.withUTF8 { bytes in
            Result { () throws(TraceDecodingError) in try decode(line: bytes, lineNumber: lineNumber) }
        }
        return try result.get()
    }

    /// Decodes one line given as UTF-8 bytes (without its newline).
    ///
    /// Well-formed step lines take a direct scanner (`StepLineScanner`). Every other
    /// line, valid or not, takes `decodeWithJSONParser`, so both paths return the same
    /// record or throw the same error.
    public static func decode(line: UnsafeBufferPointer<UInt8>, lineNumber: Int? = nil) throws(TraceDecodingError) -> TraceRecord? {
        try decode(line: line, lineNumber: lineNumber, groupCapacity: 8)
    }

    /// Decodes one line, reserving `groupCapacity` groups for a step record. A reader
    /// passes the previous step's group count.
    static func decode(
        line: UnsafeBufferPointer<UInt8>, lineNumber: Int?, groupCapacity: Int
    ) throws(TraceDecodingError) -> TraceRecord? {
        if line.count <= maxLineBytes, let step = StepLineScanner.scan(line, groupCapacity: groupCapacity) {
            return .step(step)
        }
        return try decodeWithJSONParser(line: line, lineNumber: lineNumber)
    }

    /// Decodes one line by parsing it into a `JSONValue` tree and reading the fields
    /// from it. It is the reference that `decode(line:lineNumber:)` matches, and the
    /// slower path for step lines.
    public static func decodeWithJSONParser(
        line: UnsafeBufferPointer<UInt8>, lineNumber: Int? = nil
    ) throws(TraceDecodingError) -> TraceRecord? {
        guard line.count <= maxLineBytes else {
            throw TraceDecodingError(lineNumber: lineNumber, problem: .lineTooLong(byteCount: line.count, limit: maxLineBytes))
        }

        let value: JSONValue
        do {
            value = try JSONParser(limits: .init(maxDepth: maxDepth, maxBytes: maxLineBytes)).parse(line)
        } catch {
            throw TraceDecodingError(lineNumber: lineNumber, problem: .invalidJSON(error))
        }

        guard case .object(let object) = value else {
            throw TraceDecodingError(lineNumber: lineNumber, problem: .notAnObject(found: value.kindDescription))
        }
        return try decode(object: object, lineNumber: lineNumber)
    }

    private typealias Key = TraceWireNames.Key
    private typealias RecordType = TraceWireNames.RecordType

    static func decode(object: JSONObject, lineNumber: Int?) throws(TraceDecodingError) -> TraceRecord? {
        let fields = RecordFields(object: object, lineNumber: lineNumber)
        let type = try fields.string(Key.type)

        if isName(type, RecordType.step) {
            return .step(try decodeStep(fields))
        }
        if isName(type, RecordType.evaluation) {
            return .evaluation(try decodeEvaluation(fields))
        }
        if isName(type, RecordType.event) {
            return try decodeEvent(fields).map(TraceRecord.event)
        }
        if isName(type, RecordType.header) {
            return .header(try decodeHeader(fields))
        }
        return nil
    }

    private static func isName(_ text: String, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { text.utf8.elementsEqual($0) }
    }

    private static func decodeHeader(_ fields: RecordFields) throws(TraceDecodingError) -> TraceHeader {
        // Format and version come first: a newer header may have changed any other field.
        let format = try fields.string(Key.format)
        guard format == TraceHeader.formatName else {
            throw fields.error(.notATrace(format: format))
        }
        let version = try fields.integer(Key.version)
        guard version <= TraceHeader.formatVersion else {
            throw fields.error(.unsupportedVersion(found: version, supported: TraceHeader.formatVersion))
        }
        guard version >= 1 else {
            throw fields.error(.invalidValue(field: "\(Key.version)", value: "\(version)", expected: "a version of 1 or more"))
        }

        var groupNames: [String] = []
        for (index, element) in try fields.array(Key.groups).enumerated() {
            guard case .string(let name) = element else {
                throw fields.error(.wrongType(field: "\(Key.groups)[\(index)]", expected: "a string", found: element.kindDescription))
            }
            groupNames.append(name)
        }

        return TraceHeader(
            runName: try fields.string(Key.run),
            workload: try fields.string(Key.workload),
            groupNames: groupNames,
            optimizer: try fields.string(Key.optimizer),
            optimizerSettings: try decodeSettings(fields, key: Key.optimizerSettings),
            brainSettings: try decodeSettings(fields, key: Key.brainSettings),
            startTime: try fields.double(Key.startTime)
        )
    }

    /// Reads an object of numbers; a repeated name keeps its last value.
    private static func decodeSettings(_ fields: RecordFields, key: StaticString) throws(TraceDecodingError) -> [String: Double] {
        var settings: [String: Double] = [:]
        for member in try fields.object(key).members {
            settings[member.key] = try RecordFields.double(
                from: member.value, field: { "\(key).\(member.key)" }, lineNumber: fields.lineNumber
            )
        }
        return settings
    }

    private static func decodeStep(_ fields: RecordFields) throws(TraceDecodingError) -> StepRecord {
        let elements = try fields.array(Key.groups)
        var groups: [GroupStep] = []
        groups.reserveCapacity(elements.count)

        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw fields.error(.wrongType(field: "\(Key.groups)[\(index)]", expected: "an object", found: element.kindDescription))
            }
            let group = RecordFields(object: object, lineNumber: fields.lineNumber, position: (Key.groups, index))
            groups.append(GroupStep(
                scale: try group.double(Key.scale),
                clip: try group.double(Key.clip),
                dampen: try group.double(Key.dampen),
                gradientNorm: try group.optionalDouble(Key.gradientNorm)
            ))
        }

        return StepRecord(
            step: try fields.step(Key.step),
            wallTime: try fields.double(Key.time),
            loss: try fields.double(Key.loss),
            reward: try fields.optionalDouble(Key.reward),
            baseline: try fields.optionalDouble(Key.baseline),
            groups: groups
        )
    }

    private static func decodeEvaluation(_ fields: RecordFields) throws(TraceDecodingError) -> EvaluationRecord {
        var metrics: [Metric] = []
        for member in try fields.object(Key.metrics).members {
            let value = try RecordFields.double(
                from: member.value, field: { "\(Key.metrics).\(member.key)" }, lineNumber: fields.lineNumber
            )
            metrics.append(Metric(name: member.key, value: value))
        }

        return EvaluationRecord(
            step: try fields.step(Key.step),
            wallTime: try fields.double(Key.time),
            metrics: metrics
        )
    }

    /// Returns nil for an event kind this reader does not know.
    private static func decodeEvent(_ fields: RecordFields) throws(TraceDecodingError) -> EventRecord? {
        let kindName = try fields.string(Key.kind)
        let step = try fields.step(Key.step)
        let wallTime = try fields.double(Key.time)
        let group = try fields.optionalString(Key.group)
        let path = try fields.optionalString(Key.path)
        let message = try fields.string(Key.message)

        guard let kind = EventRecord.Kind(rawValue: kindName) else {
            return nil
        }
        return EventRecord(step: step, wallTime: wallTime, kind: kind, group: group, path: path, message: message)
    }
}
