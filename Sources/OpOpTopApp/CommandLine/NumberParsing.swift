/// Strict conversions of option values to numbers.
///
/// Only plain decimal forms are accepted: `Double("nan")`, `Double("inf")` and hex
/// floats such as `0x1p-3` parse in Swift but are almost certainly typing mistakes on
/// a command line, and `Int("1e3")` would fail with no useful message.
enum NumberParsing {
    /// Parses a decimal number such as `0.001`, `3e-4` or `-2`, rejecting anything that
    /// does not fit a finite `Double`.
    static func decimal(_ text: String, option: String, expected: String) throws(UsageError) -> Double {
        guard isDecimalLiteral(text), let value = Double(text) else {
            throw UsageError("invalid value '\(text)' for \(option); expected \(expected)")
        }
        guard value.isFinite else {
            throw UsageError("invalid value '\(text)' for \(option); the number is too large, expected \(expected)")
        }
        return value
    }

    /// Parses a whole number in `range`, such as `50000` or `+7`, naming the limit that
    /// a value outside the range breaks.
    static func wholeNumber<Number: FixedWidthInteger>(
        _ text: String,
        option: String,
        range: ClosedRange<Number>,
        expected: String
    ) throws(UsageError) -> Number {
        var digits = Substring(text)
        var isNegative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            isNegative = sign == "-"
            digits.removeFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw UsageError("invalid value '\(text)' for \(option); expected \(expected)")
        }

        guard !isNegative || digits.allSatisfy({ $0 == "0" }) else {
            throw UsageError("invalid value '\(text)' for \(option); the minimum is \(range.lowerBound)")
        }
        guard let value = Number(digits, radix: 10) else {
            throw UsageError("invalid value '\(text)' for \(option); the maximum is \(range.upperBound)")
        }
        guard value >= range.lowerBound else {
            throw UsageError("invalid value '\(text)' for \(option); the minimum is \(range.lowerBound)")
        }
        guard value <= range.upperBound else {
            throw UsageError("invalid value '\(text)' for \(option); the maximum is \(range.upperBound)")
        }
        return value
    }

    /// Checks whether `text` is `[+-]digits[.digits][(e|E)[+-]digits]`, with at least
    /// one digit before the exponent.
    static func isDecimalLiteral(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0

        func skipDigits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
            }
            return index - start
        }

        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        var mantissaDigits = skipDigits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissaDigits += skipDigits()
        }
        guard mantissaDigits > 0 else { return false }

        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
