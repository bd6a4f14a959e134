/// Turns trace records into JSON Lines text, one object per record.
///
/// Every object starts with its `"type"`, then the fields in a fixed order, so equal
/// records always encode to equal bytes. Optional fields that are nil are left out.
/// Dictionary-valued settings are written sorted by key; metrics keep their order.
/// NaN and the infinities become the strings "NaN", "Infinity" and "-Infinity".
/// `docs/trace-format.md` describes the format field by field.
public enum TraceEncoder {
    /// Returns the record as one line of JSON without the trailing newline.
    public static func encode(_ record: TraceRecord) -> String {
        var bytes: [UInt8] = []
        append(record, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the record's JSON object to `bytes`, without a newline.
    ///
    /// This is the allocation-free path the trace writer uses: once `bytes` has grown to
    /// its working size, encoding a step record allocates nothing.
    public static func append(_ record: TraceRecord, to bytes: inout [UInt8]) {
        // Move the buffer into the output and back so that neither copy is shared,
        // which keeps appends from copying the whole array.
        var output = JSONOutput()
        swap(&output.bytes, &bytes)
        defer { swap(&output.bytes, &bytes) }

        switch record {
        case .header(let header):
            encodeHeader(header, into: &output)
        case .step(let step):
            encodeStep(step, into: &output)
        case .evaluation(let evaluation):
            encodeEvaluation(evaluation, into: &output)
        case .event(let event):
            encodeEvent(event, into: &output)
        }
    }

    private typealias Key = TraceWireNames.Key

    private static func encodeHeader(_ header: TraceHeader, into output: inout JSONOutput) {
        beginRecord(type: TraceWireNames.RecordType.header, into: &output)

        field(Key.format, into: &output)
        output.appendString(TraceHeader.formatName)
        field(Key.version, into: &output)
        output.appendInteger(TraceHeader.formatVersion)
        field(Key.run, into: &output)
        output.appendString(header.runName)
        field(Key.workload, into: &output)
        output.appendString(header.workload)

        field(Key.groups, into: &output)
        output.appendByte(UInt8(ascii: "["))
        for (index, name) in header.groupNames.enumerated() {
            if index > 0 {
                output.appendByte(UInt8(ascii: ","))
            }
            output.appendString(name)
        }
        output.appendByte(UInt8(ascii: "]"))

        field(Key.optimizer, into: &output)
        output.appendString(header.optimizer)
        field(Key.optimizerSettings, into: &output)
        encodeSettings(header.optimizerSettings, into: &output)
        field(Key.brainSettings, into: &output)
        encodeSettings(header.brainSettings, into: &output)
        field(Key.startTime, into: &output)
        output.appendDouble(header.startTime)

        output.appendByte(UInt8(ascii: "}"))
    }

    private static func encodeStep(_ step: StepRecord, into output: inout JSONOutput) {
        output.appendASCII(StepFragments.open)
        output.appendInteger(step.step)
        output.appendASCII(StepFragments.time)
        output.appendDouble(step.wallTime)
        output.appendASCII(StepFragments.loss)
        output.appendDouble(step.loss)
        if let reward = step.reward {
            output.appendASCII(StepFragments.reward)
            output.appendDouble(reward)
        }
        if let baseline = step.baseline {
            output.appendASCII(StepFragments.baseline)
            output.appendDouble(baseline)
        }

        output.appendASCII(StepFragments.groups)
        for index in step.groups.indices {
            let group = step.groups[index]
            output.appendASCII(index == 0 ? StepFragments.groupOpen : StepFragments.nextGroupOpen)
            output.appendDouble(group.scale)
            output.appendASCII(StepFragments.clip)
            output.appendDouble(group.clip)
            output.appendASCII(StepFragments.dampen)
            output.appendDouble(group.dampen)
            if let gradientNorm = group.gradientNorm {
                output.appendASCII(StepFragments.gradientNorm)
                output.appendDouble(gradientNorm)
            }
        }
        output.appendASCII(step.groups.isEmpty ? "]}" : "}]}")
    }

    private static func encodeEvaluation(_ evaluation: EvaluationRecord, into output: inout JSONOutput) {
        beginRecord(type: TraceWireNames.RecordType.evaluation, into: &output)

        field(Key.step, into: &output)
        output.appendInteger(evaluation.step)
        field(Key.time, into: &output)
        output.appendDouble(evaluation.wallTime)

        field(Key.metrics, into: &output)
        output.appendByte(UInt8(ascii: "{"))
        for (index, metric) in evaluation.metrics.enumerated() {
            if index > 0 {
                output.appendByte(UInt8(ascii: ","))
            }
            output.appendString(metric.name)
            output.appendByte(UInt8(ascii: ":"))
            output.appendDouble(metric.value)
        }
        output.appendByte(UInt8(ascii: "}"))

        output.appendByte(UInt8(ascii: "}"))
    }

    private static func encodeEvent(_ event: EventRecord, into output: inout JSONOutput) {
        beginRecord(type: TraceWireNames.RecordType.event, into: &output)

        field(Key.step, into: &output)
        output.appendInteger(event.step)
        field(Key.time, into: &output)
        output.appendDouble(event.wallTime)
        field(Key.kind, into: &output)
        output.appendString(event.kind.rawValue)
        if let group = event.group {
            field(Key.group, into: &output)
            output.appendString(group)
        }
        if let path = event.path {
            field(Key.path, into: &output)
            output.appendString(path)
        }
        field(Key.message, into: &output)
        output.appendString(event.message)

        output.appendByte(UInt8(ascii: "}"))
    }

    /// Appends `{"type":"<type>"`; every later field starts with a comma.
    private static func beginRecord(type: StaticString, into output: inout JSONOutput) {
        output.appendByte(UInt8(ascii: "{"))
        output.appendKey(Key.type)
        output.appendByte(UInt8(ascii: "\""))
        output.appendASCII(type)
        output.appendByte(UInt8(ascii: "\""))
    }

    /// Appends `,"<key>":`.
    private static func field(_ key: StaticString, into output: inout JSONOutput) {
        output.appendByte(UInt8(ascii: ","))
        output.appendKey(key)
    }

    /// The fixed text of a step record, spelled out so that the hot path copies a few
    /// runs of bytes instead of many single bytes. It must match `TraceWireNames`; the
    /// golden-line tests compare the two.
    private enum StepFragments {
        static let open: StaticString = #"{"type":"step","step":"#
        static let time: StaticString = #","time":"#
        static let loss: StaticString = #","loss":"#
        static let reward: StaticString = #","reward":"#
        static let baseline: StaticString = #","baseline":"#
        static let groups: StaticString = #","groups":["#
        static let groupOpen: StaticString = #"{"scale":"#
        static let nextGroupOpen: StaticString = #"},{"scale":"#
        static let clip: StaticString = #","clip":"#
        static let dampen: StaticString = #","dampen":"#
        static let gradientNorm: StaticString = #","grad_norm":"#
    }

    private static func encodeSettings(_ settings: [String: Double], into output: inout JSONOutput) {
        output.appendByte(UInt8(ascii: "{"))
        for (index, setting) in settings.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 {
                output.appendByte(UInt8(ascii: ","))
            }
            output.appendString(setting.key)
            output.appendByte(UInt8(ascii: ":"))
            output.appendDouble(setting.value)
        }
        output.appendByte(UInt8(ascii: "}"))
    }
}
