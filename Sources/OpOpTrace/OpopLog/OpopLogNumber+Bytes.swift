extension OpopLogNumber {
    /// Reads a number from bytes, accepting exactly the forms of `parse(_:)` and
    /// returning the same value.
    ///
    /// Most numbers in a log have few digits and a small exponent. Those are converted
    /// directly: a mantissa below 2^53 and a power of ten up to 10^22 are both exact
    /// doubles, so one multiplication or division rounds correctly (Clinger's fast path).
    /// Every other number goes to `Double.init(_:)`, the exact conversion `parse(_:)` uses.
    static func parse(bytes: OpopLogBytes) -> Double? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        guard index < end else {
            return nil
        }

        var negative = false
        if bytes.base[index] == UInt8(ascii: "+") || bytes.base[index] == UInt8(ascii: "-") {
            negative = bytes.base[index] == UInt8(ascii: "-")
            index += 1
        }

        if let special = parseSpecial(bytes.base[index..<end]) {
            // Like `parse(_:)`, a sign leaves NaN as it is.
            return negative && !special.isNaN ? -special : special
        }

        // Mantissa: digits, an optional point, digits; at least one digit in all.
        var mantissa: UInt64 = 0
        var digitCount = 0
        var fractionDigitCount = 0
        while index < end, let digit = digitValue(bytes.base[index]) {
            mantissa = mantissa &* 10 &+ digit
            digitCount += 1
            index += 1
        }
        if index < end, bytes.base[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, let digit = digitValue(bytes.base[index]) {
                mantissa = mantissa &* 10 &+ digit
                digitCount += 1
                fractionDigitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else {
            return nil
        }

        // Exponent: e or E, an optional sign, at least one digit.
        var exponent = 0
        var exponentDigitCount = 0
        if index < end, bytes.base[index] == UInt8(ascii: "e") || bytes.base[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, bytes.base[index] == UInt8(ascii: "+") || bytes.base[index] == UInt8(ascii: "-") {
                exponentNegative = bytes.base[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < end, let digit = digitValue(bytes.base[index]) {
                // Stop growing before overflow; such exponents take the exact path below.
                if exponentDigitCount < 6 {
                    exponent = exponent * 10 + Int(digit)
                }
                exponentDigitCount += 1
                index += 1
            }
            guard exponentDigitCount > 0 else {
                return nil
            }
            if exponentNegative {
                exponent = -exponent
            }
        }
        guard index == end else {
            return nil
        }

        let powerOfTen = exponent - fractionDigitCount
        let exactLimit: UInt64 = 1 << 53
        if digitCount <= 19, exponentDigitCount <= 5, mantissa <= exactLimit, abs(powerOfTen) <= 22 {
            let magnitude = Double(mantissa)
            let value = powerOfTen >= 0
                ? magnitude * exactPowersOfTen[powerOfTen]
                : magnitude / exactPowersOfTen[-powerOfTen]
            return negative ? -value : value
        }
        return Double(bytes.text)
    }

    /// Reads a non-negative decimal integer without sign from bytes, or nil when it is
    /// not one or does not fit in `Int`, as `parseCount(_:)` does.
    static func parseCount(bytes: OpopLogBytes) -> Int? {
        guard !bytes.isEmpty else {
            return nil
        }
        var value = 0
        for byte in bytes {
            guard let digit = digitValue(byte) else {
                return nil
            }
            let (shifted, overflowMultiply) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int(digit))
            guard !overflowMultiply, !overflowAdd else {
                return nil
            }
            value = sum
        }
        return value
    }

    /// Reads `nan`, `inf` or `infinity` in any letter case, without sign.
    private static func parseSpecial(_ bytes: OpopLogBytes) -> Double? {
        guard let first = bytes.first, first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "i") else {
            return nil
        }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(8)
        for byte in bytes {
            guard lowered.count < 8 else {
                return nil
            }
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            lowered.append(isUpper ? byte | 0x20 : byte)
        }
        switch lowered {
        case Array("nan".utf8):
            return .nan
        case Array("inf".utf8), Array("infinity".utf8):
            return .infinity
        default:
            return nil
        }
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? UInt64(value) : nil
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
