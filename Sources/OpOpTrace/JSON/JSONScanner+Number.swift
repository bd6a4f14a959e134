extension JSONScanner {
    /// Parses a number per the JSON grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative {
            index += 1
        }

        // The integer part: a lone zero or digits without a leading zero.
        let integerStart = index
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw invalidNumber(from: start)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw invalidNumber(from: start)
            }
        } else {
            skipDigits()
        }
        let integerEnd = index

        var fractionRange = index..<index
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            skipDigits()
            guard index > fractionStart else {
                throw invalidNumber(from: start)
            }
            fractionRange = fractionStart..<index
        }

        var hasExponent = false
        var exponentIsNegative = false
        var exponentRange = index..<index
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentIsNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            skipDigits()
            guard index > exponentStart else {
                throw invalidNumber(from: start)
            }
            exponentRange = exponentStart..<index
        }

        let integerRange = integerStart..<integerEnd
        if fractionRange.isEmpty && !hasExponent, let integer = exactInteger(integerRange, isNegative: isNegative) {
            // Keep the sign of `-0`, which the Int cannot carry.
            let value = integer == 0 && isNegative ? -0.0 : Double(integer)
            return JSONNumber(value: value, integer: integer)
        }

        if let value = fastDouble(
            integerRange: integerRange, fractionRange: fractionRange,
            exponentRange: exponentRange, exponentIsNegative: exponentIsNegative, isNegative: isNegative
        ) {
            return JSONNumber(value: value)
        }

        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, reason: .numberOutOfRange(text))
        }
        return JSONNumber(value: value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
        }
    }

    /// Returns an error that quotes the number's text up to and including the offending byte.
    private func invalidNumber(from start: Int) -> JSONParseError {
        let end = min(index + 1, bytes.count)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return JSONParseError(offset: start, reason: .invalidNumber(text))
    }

    /// Returns the digits as an Int, or nil when they do not fit.
    private func exactInteger(_ digits: Range<Int>, isNegative: Bool) -> Int? {
        // Accumulate as a negative number, whose range reaches Int.min.
        var value = 0
        for position in digits {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            if overflowA || overflowB {
                return nil
            }
            value = next
        }
        if isNegative {
            return value
        }
        return value == Int.min ? nil : -value
    }

    /// Computes the value by Clinger's fast path, or returns nil when it does not apply.
    ///
    /// When the decimal significand fits in 53 bits and the power of ten is at most
    /// 10^22, both are exact Doubles, so one IEEE multiplication or division rounds
    /// correctly. Longer significands, such as the 17 digits of most shortest-form
    /// Doubles, take the same path in 80-bit arithmetic where the platform has it (see
    /// `extendedDouble`). Other numbers fall back to the standard library's parser.
    private func fastDouble(
        integerRange: Range<Int>, fractionRange: Range<Int>,
        exponentRange: Range<Int>, exponentIsNegative: Bool, isNegative: Bool
    ) -> Double? {
        // Leading zeros are skipped; 19 decimal digits always fit in a UInt64. The digits
        // run through the integer part, then the fraction.
        var significand: UInt64 = 0
        var significantDigits = 0
        var position = integerRange.lowerBound
        while position < fractionRange.upperBound {
            if position == integerRange.upperBound {
                position = fractionRange.lowerBound
                continue
            }
            let digit = UInt64(bytes[position] &- UInt8(ascii: "0"))
            position += 1
            if significand == 0 && digit == 0 {
                continue
            }
            significantDigits += 1
            guard significantDigits <= 19 else {
                return nil
            }
            significand = significand &* 10 &+ digit
        }

        // Exponents with more than four digits are far outside the fast path's range.
        guard exponentRange.count <= 4 else {
            return nil
        }
        var exponent = 0
        for position in exponentRange {
            exponent = exponent * 10 + Int(bytes[position] - UInt8(ascii: "0"))
        }
        if exponentIsNegative {
            exponent = -exponent
        }
        exponent -= fractionRange.count

        return Self.correctlyRoundedDouble(significand: significand, exponent: exponent, isNegative: isNegative)
    }

    /// Returns `significand * 10^exponent`, negated when `isNegative`, correctly rounded,
    /// or nil when neither Clinger's fast path nor `extendedDouble` can round it exactly.
    ///
    /// The step-line scanner shares this with `parseNumber`, so both produce the same
    /// Double for the same digits.
    @inline(__always)
    static func correctlyRoundedDouble(significand: UInt64, exponent: Int, isNegative: Bool) -> Double? {
        guard significand <= 1 << 53, (-22...22).contains(exponent) else {
            return extendedDouble(significand: significand, exponent: exponent, isNegative: isNegative)
        }

        var value = Double(significand)
        if exponent >= 0 {
            value *= powersOfTen[exponent]
        } else {
            value /= powersOfTen[-exponent]
        }
        return isNegative ? -value : value
    }

    #if arch(x86_64) && !os(Windows)
    /// Computes `significand * 10^exponent` with one rounding to 80 bits, then one to 64,
    /// or returns nil when that could differ from correct rounding.
    ///
    /// Any UInt64 and 10^0 through 10^27 are exact in Float80's 64-bit significand, so
    /// the product or quotient is rounded once. Rounding that again to a Double is
    /// correct unless the first rounding landed exactly halfway between two Doubles, where
    /// the 11 extra bits are 0x400. The reason: a halfway point is itself a Float80, so
    /// no value on one side of it can round to a Float80 on the other side. The halfway
    /// case returns nil. Results stay far inside the normal range, so subnormal rounding
    /// never applies.
    private static func extendedDouble(significand: UInt64, exponent: Int, isNegative: Bool) -> Double? {
        guard (-27...27).contains(exponent) else {
            return nil
        }

        var value = Float80(significand)
        if exponent >= 0 {
            value *= extendedPowersOfTen[exponent]
        } else {
            value /= extendedPowersOfTen[-exponent]
        }
        guard value.significandBitPattern & 0x7FF != 0x400 else {
            return nil
        }
        let result = Double(value)
        return isNegative ? -result : result
    }

    /// 10^0 through 10^27, every one exact in Float80 because 5^27 < 2^64.
    private static let extendedPowersOfTen: [Float80] = (0...27).map { power in
        var value: Float80 = 1
        for _ in 0..<power {
            value *= 10
        }
        return value
    }
    #else
    private static func extendedDouble(significand: UInt64, exponent: Int, isNegative: Bool) -> Double? {
        nil
    }
    #endif

    /// 10^0 through 10^22, every one exactly representable as a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
