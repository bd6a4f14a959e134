/// Reads the numbers an opop trainer prints: Python's float forms, such as `6.65`,
/// `-3`, `1e-05`, `+1.5E+3`, `.5`, `nan`, `inf` and `-inf`.
///
/// Anything else returns nil, including hexadecimal floats and digit separators, which
/// `Double.init(_:)` would accept or Python would not print.
enum OpopLogNumber {
    static func parse<S: StringProtocol>(_ text: S) -> Double? {
        var scalars = Substring(text).utf8[...]
        guard !scalars.isEmpty else {
            return nil
        }

        var negative = false
        if let sign = scalars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            scalars = scalars.dropFirst()
        }

        switch String(decoding: scalars, as: UTF8.self).lowercased() {
        case "nan":
            return .nan
        case "inf", "infinity":
            return negative ? -.infinity : .infinity
        default:
            break
        }

        guard isDecimal(scalars) else {
            return nil
        }
        return Double(String(text))
    }

    /// Returns whether the bytes are `digits[.digits][e[+-]digits]` with at least one
    /// digit before the exponent.
    private static func isDecimal(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        var index = bytes.startIndex
        var mantissaDigits = 0

        func skipDigits() -> Int {
            var count = 0
            while index < bytes.endIndex, isDigit(bytes[index]) {
                index = bytes.index(after: index)
                count += 1
            }
            return count
        }

        mantissaDigits += skipDigits()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            mantissaDigits += skipDigits()
        }
        guard mantissaDigits > 0 else {
            return false
        }

        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index = bytes.index(after: index)
            }
            guard skipDigits() > 0 else {
                return false
            }
        }
        return index == bytes.endIndex
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Reads a non-negative decimal integer without sign, or nil when it is not one or
    /// does not fit in `Int`.
    static func parseCount<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy(isDigit) else {
            return nil
        }
        return Int(text)
    }
}
