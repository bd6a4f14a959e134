extension StepLineScanner {
    // MARK: Numbers

    /// Scans a required number field: a JSON number, or one of the strings that represent
    /// NaN and the infinities.
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
    /// The digits accumulate into a UInt64 as they are checked against the grammar.
    /// `DecimalToDouble` turns them into a Double, or where it cannot,
    /// `JSONScanner.correctlyRoundedDouble`, the step `JSONScanner.parseNumber` ends
    /// with. A number with more than 19 significant digits, an exponent of more than
    /// four digits, or digits that neither can round exactly is parsed again by
    /// `parseNumber` itself. All three round correctly, so every result is the Double
    /// that `parseNumber` returns.
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
            let digitsStart = position
            position = accumulateDigits(from: position, into: &significand)
            significantDigits = 1 + position - digitsStart
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
            let digitsStart = position
            position = accumulateDigits(from: position, into: &significand)
            significantDigits += position - digitsStart
            guard position > fractionStart else {
                throw Fallback()
            }
            exponent = fractionStart - position
        }

        // The exponent. `E | 0x20` is `e`, and no other byte maps to it.
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
              let value = DecimalToDouble.double(significand: significand, exponent: exponent, isNegative: isNegative)
                ?? JSONScanner.correctlyRoundedDouble(significand: significand, exponent: exponent, isNegative: isNegative)
        else {
            return try parseNumberExactly(from: start)
        }
        index = position
        return value
    }

    /// Appends the decimal digits from `start` on to `significand` and returns the
    /// position after the last one. Past 19 digits the significand wraps, so callers
    /// count the digits and discard it then.
    ///
    /// Digits are read eight bytes at a time, and the last, partial word with the same
    /// arithmetic instead of a loop over its bytes.
    @inline(__always)
    private func accumulateDigits(from start: Int, into significand: inout UInt64) -> Int {
        var position = start
        while endIndex - position >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let digits = word &- 0x3030_3030_3030_3030
            let nonDigits = Self.nonDigitBytes(word)
            if nonDigits == 0 {
                significand = significand &* 100_000_000 &+ Self.valueOfEightDigits(digits)
                position += 8
                continue
            }

            // Shift the leading digits to the top of the word. The zero bytes that come in
            // below them read as leading zeros.
            let count = nonDigits.trailingZeroBitCount >> 3
            let leading = digits << (64 - 8 * count)
            significand = significand &* Self.powersOfTen[count] &+ Self.valueOfEightDigits(leading)
            return position + count
        }
        while position < endIndex, case let digit = byte(at: position) &- UInt8(ascii: "0"), digit < 10 {
            significand = significand &* 10 &+ UInt64(digit)
            position += 1
        }
        return position
    }

    /// Returns a word with the high bit set in each byte of `word` that is not an ASCII
    /// digit, exact for the lowest such byte and for all bytes below it.
    ///
    /// A digit byte (0x30 to 0x39) has the high bit clear both after adding 0x46 and
    /// after subtracting 0x30, and every other byte sets it in one of the two. Carries
    /// and borrows only move upwards, so bytes above the first non-digit may be wrong.
    @inline(__always)
    static func nonDigitBytes(_ word: UInt64) -> UInt64 {
        ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
    }

    /// Returns the value of eight decimal digits, one per byte of a little-endian word,
    /// the first digit in the lowest byte, in three multiply steps instead of eight.
    @inline(__always)
    static func valueOfEightDigits(_ digits: UInt64) -> UInt64 {
        // Each 16-bit lane's low byte becomes its two digits as a number up to 99. The
        // next step merges pairs of those lanes into 32-bit lanes of four digits, each
        // multiplied by its weight and summed in the high 32 bits.
        let pairs = digits &* 10 &+ digits >> 8
        let lowPairs = (pairs & 0x0000_00FF_0000_00FF) &* (100 + 1_000_000 << 32)
        let highPairs = (pairs >> 16 & 0x0000_00FF_0000_00FF) &* (1 + 10_000 << 32)
        return (lowPairs &+ highPairs) >> 32
    }

    /// 10^0 through 10^8.
    private static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

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
    /// `JSONParser` does. `depth` is the nesting depth of the object that contains it.
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
