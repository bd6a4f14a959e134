extension StepLineScanner {
    // MARK: Numbers

    /// Scans a required number field: a JSON number, or one of the strings that stand
    /// for NaN and the infinities.
    @inline(__always)
    mutating func scanDouble() throws(Fallback) -> Double {
        guard try peek() == UInt8(ascii: "\"") else {
            return try scanNumber()
        }

        let text = try scanPlainString()
        if matches(text, TraceWireNames.NonFinite.notANumber) {
            return .nan
        }
        if matches(text, TraceWireNames.NonFinite.positiveInfinity) {
            return .infinity
        }
        if matches(text, TraceWireNames.NonFinite.negativeInfinity) {
            return -.infinity
        }
        throw Fallback()
    }

    /// Scans an optional number field, where `null` means absent.
    @inline(__always)
    mutating func scanOptionalDouble() throws(Fallback) -> Double? {
        guard try peek() == UInt8(ascii: "n") else {
            return try scanDouble()
        }
        try expectLiteral("null")
        return nil
    }

    /// Scans a JSON number in one pass.
    ///
    /// The digits accumulate into a UInt64 as they are checked against the grammar, and
    /// `JSONScanner.correctlyRoundedDouble` turns them into a Double, the same step
    /// `JSONScanner.parseNumber` ends with. A number with more than 19 significant digits,
    /// an exponent of more than four digits, or digits that step cannot round exactly is
    /// parsed again by `parseNumber` itself, so every result is that parser's.
    mutating func scanNumber() throws(Fallback) -> Double {
        let start = index
        var position = index
        let isNegative = byte(at: position) == UInt8(ascii: "-")
        if isNegative {
            position += 1
        }

        // The integer part: a lone zero, or digits without a leading zero.
        var significand: UInt64 = 0
        var significantDigits = 0
        guard position < endIndex, case let first = byte(at: position) &- UInt8(ascii: "0"), first < 10 else {
            throw Fallback()
        }
        position += 1
        if first == 0 {
            if position < endIndex, byte(at: position) &- UInt8(ascii: "0") < 10 {
                throw Fallback()
            }
        } else {
            significand = UInt64(first)
            significantDigits = 1
            while position < endIndex, case let digit = byte(at: position) &- UInt8(ascii: "0"), digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                significantDigits += 1
                position += 1
            }
        }

        // The fraction. Zeros before the first significant digit only shift the exponent.
        var exponent = 0
        if position < endIndex, byte(at: position) == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            if significand == 0 {
                while position < endIndex, byte(at: position) == UInt8(ascii: "0") {
                    position += 1
                }
            }
            while position < endIndex, case let digit = byte(at: position) &- UInt8(ascii: "0"), digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                significantDigits += 1
                position += 1
            }
            guard position > fractionStart else {
                throw Fallback()
            }
            exponent = fractionStart - position
        }

        // The exponent; `E | 0x20` is `e`, and no other byte maps to it.
        if position < endIndex, byte(at: position) | 0x20 == UInt8(ascii: "e") {
            position += 1
            var exponentIsNegative = false
            if position < endIndex, byte(at: position) == UInt8(ascii: "-") || byte(at: position) == UInt8(ascii: "+") {
                exponentIsNegative = byte(at: position) == UInt8(ascii: "-")
                position += 1
            }
            let exponentStart = position
            var written = 0
            while position < endIndex, case let digit = byte(at: position) &- UInt8(ascii: "0"), digit < 10, position - exponentStart < 5 {
                written = written * 10 + Int(digit)
                position += 1
            }
            let exponentDigits = position - exponentStart
            guard exponentDigits >= 1, exponentDigits <= 4 else {
                return try parseNumberExactly(from: start)
            }
            exponent += exponentIsNegative ? -written : written
        }

        guard significantDigits <= 19,
              let value = JSONScanner.correctlyRoundedDouble(significand: significand, exponent: exponent, isNegative: isNegative)
        else {
            return try parseNumberExactly(from: start)
        }
        index = position
        return value
    }

    /// Parses the number at `start` with the generic parser, for the forms `scanNumber`
    /// leaves to it. A number the generic parser rejects falls back with the whole line.
    private mutating func parseNumberExactly(from start: Int) throws(Fallback) -> Double {
        var scanner = JSONScanner(bytes: bytes, maxDepth: TraceDecoder.maxDepth)
        scanner.index = start
        guard let number = try? scanner.parseNumber() else {
            throw Fallback()
        }
        index = scanner.index
        return number.value
    }

    // MARK: Strings and literals

    /// Scans a string of printable ASCII without escapes and returns its content.
    /// Anything else falls back, which keeps keys and record types exact.
    @inline(__always)
    mutating func scanPlainString() throws(Fallback) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < endIndex {
            let byte = byte(at: index)
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return content
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else {
                throw Fallback()
            }
            index += 1
        }
        throw Fallback()
    }

    /// Skips any valid JSON string. Escapes and non-ASCII text are checked by the
    /// generic string parser, which rejects what the generic decoder would reject.
    private mutating func skipString() throws(Fallback) {
        let start = index
        try expect(UInt8(ascii: "\""))
        while index < endIndex {
            let byte = byte(at: index)
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 {
                var scanner = JSONScanner(bytes: bytes, maxDepth: TraceDecoder.maxDepth)
                scanner.index = start
                guard (try? scanner.parseString()) != nil else {
                    throw Fallback()
                }
                index = scanner.index
                return
            }
            guard byte >= 0x20 else {
                throw Fallback()
            }
            index += 1
        }
        throw Fallback()
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Fallback) {
        let length = literal.utf8CodeUnitCount
        guard endIndex - index >= length,
              matches(UnsafeBufferPointer(rebasing: bytes[index..<index + length]), literal)
        else {
            throw Fallback()
        }
        index += length
    }

    // MARK: Unknown values

    /// Skips the value of a field this reader does not know, checking it as strictly as
    /// `JSONParser` does. `depth` is the nesting depth of the object that holds it.
    mutating func skipValue(depth: Int) throws(Fallback) {
        switch try peek() {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
        case UInt8(ascii: "["):
            try skipArray(depth: depth + 1)
        default:
            throw Fallback()
        }
    }

    private mutating func skipObject(depth: Int) throws(Fallback) {
        guard depth <= TraceDecoder.maxDepth else {
            throw Fallback()
        }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }

        repeat {
            try skipString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try skipValue(depth: depth)
        } while try scanSeparator(closing: UInt8(ascii: "}"))
    }

    private mutating func skipArray(depth: Int) throws(Fallback) {
        guard depth <= TraceDecoder.maxDepth else {
            throw Fallback()
        }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }

        repeat {
            try skipValue(depth: depth)
        } while try scanSeparator(closing: UInt8(ascii: "]"))
    }
}
