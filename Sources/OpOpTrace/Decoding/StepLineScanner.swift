/// A direct decoder for well-formed `step` lines, the bulk of every trace.
///
/// It walks the bytes once, matches keys against the step record's field names without
/// building Strings, parses numbers in place and fills the `GroupStep` array directly,
/// with no `JSONValue` tree in between.
///
/// It never rejects a line. For any line that it does not recognise as a valid step
/// record, `scan` returns nil and the caller decodes the line with `JSONParser`. Such
/// lines include other record types, missing or mistyped fields, invalid JSON, repeated
/// fields, escapes in keys and unusual numbers. So records and error messages stay
/// exactly those of the generic decoder, which the equivalence tests check on generated
/// and mutated lines.
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
        var expected = 0
        repeat {
            // Positions in `recordKeys`, which follow the writer's field order.
            let field = try scanKey(in: Self.recordKeys, expected: expected)
            if let field {
                try markSeen(field, in: &seen)
                expected = field + 1
            }

            switch field {
            case 0?:
                try expectStepType()
            case 1?:
                step = try scanStepNumber()
            case 2?:
                wallTime = try scanDouble()
            case 3?:
                loss = try scanDouble()
            case 4?:
                reward = try scanOptionalDouble()
            case 5?:
                baseline = try scanOptionalDouble()
            case 6?:
                groups = try scanGroups()
            default:
                try skipValue(depth: 1)
            }
        } while try scanSeparator(closing: UInt8(ascii: "}"))

        skipWhitespace()
        // Every field but `reward` and `baseline` is required.
        guard index == count, seen | 0b11_0000 == 0b111_1111 else {
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
        var expected = 0
        repeat {
            // Positions in `groupKeys`, which follow the writer's field order.
            let field = try scanKey(in: Self.groupKeys, expected: expected)
            if let field {
                try markSeen(field, in: &seen)
                expected = field + 1
            }

            switch field {
            case 0?:
                scale = try scanDouble()
            case 1?:
                clip = try scanDouble()
            case 2?:
                dampen = try scanDouble()
            case 3?:
                gradientNorm = try scanOptionalDouble()
            default:
                try skipValue(depth: 3)
            }
        } while try scanSeparator(closing: UInt8(ascii: "}"))

        // `scale`, `clip` and `dampen` are required, `grad_norm` is not.
        guard seen & 0b111 == 0b111 else {
            throw Fallback()
        }
        return GroupStep(scale: scale, clip: clip, dampen: dampen, gradientNorm: gradientNorm)
    }

    /// Notes the field at `position` in its key set, falling back on a repeat: the
    /// generic decoder keeps the last value of a repeated key, which this scanner does
    /// not track.
    @inline(__always)
    private func markSeen(_ position: Int, in seen: inout UInt8) throws(Fallback) {
        let bit: UInt8 = 1 << position
        guard seen & bit == 0 else {
            throw Fallback()
        }
        seen |= bit
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
    mutating func scanKey() throws(Fallback) -> UnsafeBufferPointer<UInt8> {
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
