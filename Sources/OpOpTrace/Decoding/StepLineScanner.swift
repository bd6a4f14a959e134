/// A direct decoder for well-formed `step` lines, the bulk of every trace.
///
/// It walks the bytes once, matches keys against the step record's field names without
/// building Strings, parses numbers in place and fills the `GroupStep` array directly,
/// with no `JSONValue` tree in between.
///
/// It only ever accepts: for any line that it does not recognise as a valid step record
/// (another record type, a missing or mistyped field, invalid JSON, a repeated field,
/// an escape in a key, an unusual number), `scan` returns nil and the caller decodes the
/// line with `JSONParser`. So records, and every error message, stay exactly those of
/// the generic decoder. The equivalence tests check this on generated and mutated lines.
struct StepLineScanner {
    /// The signal to hand the line to the generic decoder.
    struct Fallback: Error {}

    let base: UnsafePointer<UInt8>
    private let line: UnsafeBufferPointer<UInt8>
    private let count: Int
    private let groupCapacity: Int
    var index = 0

    private init(line: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, groupCapacity: Int) {
        self.line = line
        self.base = base
        self.count = line.count
        self.groupCapacity = groupCapacity
    }

    /// Decodes a step line, or returns nil when the generic decoder must take the line.
    ///
    /// - Parameters:
    ///   - line: One line without its newline, at most `TraceDecoder.maxLineBytes` long.
    ///   - groupCapacity: The capacity reserved for the groups, normally the group count
    ///     of the previous step.
    static func scan(_ line: UnsafeBufferPointer<UInt8>, groupCapacity: Int = 8) -> StepRecord? {
        guard let base = line.baseAddress else {
            return nil
        }
        var scanner = StepLineScanner(line: line, base: base, groupCapacity: groupCapacity)
        do {
            return try scanner.scanRecord()
        } catch {
            return nil
        }
    }

    /// The step record's fields, as bits of a mask that notes which ones were seen.
    private enum Field {
        static let type: UInt8 = 1 << 0
        static let step: UInt8 = 1 << 1
        static let time: UInt8 = 1 << 2
        static let loss: UInt8 = 1 << 3
        static let reward: UInt8 = 1 << 4
        static let baseline: UInt8 = 1 << 5
        static let groups: UInt8 = 1 << 6

        static let required = type | step | time | loss | groups

        static let scale: UInt8 = 1 << 0
        static let clip: UInt8 = 1 << 1
        static let dampen: UInt8 = 1 << 2
        static let gradientNorm: UInt8 = 1 << 3

        static let requiredInGroup = scale | clip | dampen
    }

    private typealias Key = TraceWireNames.Key

    private mutating func scanRecord() throws(Fallback) -> StepRecord {
        var seen: UInt8 = 0
        var step = 0
        var wallTime = 0.0
        var loss = 0.0
        var reward: Double?
        var baseline: Double?
        var groups: [GroupStep] = []

        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        repeat {
            let key = try scanKey()

            if matches(key, Key.type) {
                try markSeen(Field.type, in: &seen)
                try expectStepType()
            } else if matches(key, Key.step) {
                try markSeen(Field.step, in: &seen)
                step = try scanStepNumber()
            } else if matches(key, Key.time) {
                try markSeen(Field.time, in: &seen)
                wallTime = try scanDouble()
            } else if matches(key, Key.loss) {
                try markSeen(Field.loss, in: &seen)
                loss = try scanDouble()
            } else if matches(key, Key.reward) {
                try markSeen(Field.reward, in: &seen)
                reward = try scanOptionalDouble()
            } else if matches(key, Key.baseline) {
                try markSeen(Field.baseline, in: &seen)
                baseline = try scanOptionalDouble()
            } else if matches(key, Key.groups) {
                try markSeen(Field.groups, in: &seen)
                groups = try scanGroups()
            } else {
                try skipValue(depth: 1)
            }
        } while try scanSeparator(closing: UInt8(ascii: "}"))

        skipWhitespace()
        guard index == count, seen & Field.required == Field.required else {
            throw Fallback()
        }
        return StepRecord(step: step, wallTime: wallTime, loss: loss, reward: reward, baseline: baseline, groups: groups)
    }

    /// Scans the `groups` array, which must hold only objects.
    private mutating func scanGroups() throws(Fallback) -> [GroupStep] {
        var groups: [GroupStep] = []
        groups.reserveCapacity(groupCapacity)

        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return groups
        }
        repeat {
            groups.append(try scanGroup())
        } while try scanSeparator(closing: UInt8(ascii: "]"))
        return groups
    }

    /// Scans one object of the `groups` array, at nesting depth 3.
    private mutating func scanGroup() throws(Fallback) -> GroupStep {
        var seen: UInt8 = 0
        var scale = 0.0
        var clip = 0.0
        var dampen = 0.0
        var gradientNorm: Double?

        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        repeat {
            let key = try scanKey()

            if matches(key, Key.scale) {
                try markSeen(Field.scale, in: &seen)
                scale = try scanDouble()
            } else if matches(key, Key.clip) {
                try markSeen(Field.clip, in: &seen)
                clip = try scanDouble()
            } else if matches(key, Key.dampen) {
                try markSeen(Field.dampen, in: &seen)
                dampen = try scanDouble()
            } else if matches(key, Key.gradientNorm) {
                try markSeen(Field.gradientNorm, in: &seen)
                gradientNorm = try scanOptionalDouble()
            } else {
                try skipValue(depth: 3)
            }
        } while try scanSeparator(closing: UInt8(ascii: "}"))

        guard seen & Field.requiredInGroup == Field.requiredInGroup else {
            throw Fallback()
        }
        return GroupStep(scale: scale, clip: clip, dampen: dampen, gradientNorm: gradientNorm)
    }

    /// Notes a field, falling back on a repeat: the generic decoder keeps the last value
    /// of a repeated key, which this scanner does not track.
    @inline(__always)
    private func markSeen(_ field: UInt8, in seen: inout UInt8) throws(Fallback) {
        guard seen & field == 0 else {
            throw Fallback()
        }
        seen |= field
    }

    /// Requires the `type` value to be the string `"step"` exactly.
    private mutating func expectStepType() throws(Fallback) {
        let text = try scanPlainString()
        guard matches(text, TraceWireNames.RecordType.step) else {
            throw Fallback()
        }
    }

    /// Scans a `step` value: digits only, without a leading zero, at most 18 of them so
    /// the Int cannot overflow. Other spellings, such as `120.0`, fall back.
    private mutating func scanStepNumber() throws(Fallback) -> Int {
        let start = index
        var value = 0
        while index < count, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
            value = value &* 10 &+ Int(digit)
            index += 1
        }

        let length = index - start
        guard length >= 1, length <= 18, length == 1 || base[start] != UInt8(ascii: "0") else {
            throw Fallback()
        }
        if index < count {
            let next = base[index]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                throw Fallback()
            }
        }
        return value
    }

    // MARK: Structure

    /// Scans `"key"` and the colon after it, and returns the key's bytes. Keys with
    /// escapes or non-ASCII bytes fall back.
    @inline(__always)
    private mutating func scanKey() throws(Fallback) -> UnsafeBufferPointer<UInt8> {
        let key = try scanPlainString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// Scans the whitespace and the `,` or closing bracket after a member or element.
    /// Returns true after a comma, with the next value's first byte at `index`.
    @inline(__always)
    mutating func scanSeparator(closing: UInt8) throws(Fallback) -> Bool {
        skipWhitespace()
        let byte = try peek()
        index += 1
        if byte == UInt8(ascii: ",") {
            skipWhitespace()
            return true
        }
        guard byte == closing else {
            throw Fallback()
        }
        return false
    }

    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else {
            return false
        }
        let expected = name.utf8Start
        for offset in 0..<bytes.count where bytes[offset] != expected[offset] {
            return false
        }
        return true
    }

    @inline(__always)
    func peek() throws(Fallback) -> UInt8 {
        guard index < count else {
            throw Fallback()
        }
        return base[index]
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(Fallback) {
        guard index < count, base[index] == byte else {
            throw Fallback()
        }
        index += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            default:
                return
            }
        }
    }

    /// The whole line, for delegating an unusual value to `JSONScanner`.
    var bytes: UnsafeBufferPointer<UInt8> {
        line
    }

    /// The byte at `position`, which must be below the line's length.
    @inline(__always)
    func byte(at position: Int) -> UInt8 {
        base[position]
    }

    var endIndex: Int {
        count
    }
}
