import Foundation

/// Formats numbers for narrow screen columns: axis labels, knob values, counts, rates.
public enum NumberFormatting {
    /// Formats a value in at most `width` columns (at least 5), keeping as many
    /// significant digits as fit: "2.3104", "0.0123", "1.2e-05", "-3.1e+07".
    ///
    /// NaN and infinities are written "NaN", "inf" and "-inf".
    public static func compact(_ value: Double, width: Int = 6) -> String {
        let width = max(5, width)
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }

        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e6 {
            for decimals in stride(from: width, through: 0, by: -1) {
                let text = trimmedZeros(fixed(value, decimals: decimals))
                if text.count <= width && text != "0" && text != "-0" {
                    return text
                }
            }
        }
        for digits in stride(from: width, through: 0, by: -1) {
            let text = scientific(value, fractionDigits: digits)
            if text.count <= width {
                return text
            }
        }
        return scientific(value, fractionDigits: 0)
    }

    /// Formats `value` as mantissa and exponent without the exponent's padding:
    /// "1.25e-5" where printf writes "1.25e-05", to save columns.
    private static func scientific(_ value: Double, fractionDigits: Int) -> String {
        let formatted = String(format: "%.\(fractionDigits)e", value)
        guard let marker = formatted.firstIndex(of: "e") else { return formatted }

        let mantissa = trimmedZeros(String(formatted[..<marker]))
        let exponent = Int(formatted[formatted.index(after: marker)...]) ?? 0
        return mantissa + "e" + String(exponent)
    }

    /// Formats a value with a fixed number of decimals, like printf's "%.*f" but
    /// without Foundation's formatter, which is slow enough to show in frame times.
    /// Halfway cases round away from zero.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let decimals = min(max(decimals, 0), 9)
        guard value.isFinite, abs(value) < 1e9 else {
            return String(format: "%.\(decimals)f", value)
        }

        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = scaled % Int(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }

        let digits = String(fraction)
        let padding = String(repeating: "0", count: decimals - digits.count)
        return sign + String(whole) + "." + padding + digits
    }

    /// Formats a count with a k, M or G suffix above 9999: "512", "12.3k", "4.2M".
    public static func count(_ value: Int) -> String {
        let magnitude = Double(value.magnitude)
        let sign = value < 0 ? "-" : ""
        switch magnitude {
        case ..<10_000:
            return "\(value)"
        case ..<999_950:
            return sign + trimmedZeros(fixed(magnitude / 1e3, decimals: 1)) + "k"
        case ..<999_950_000:
            return sign + trimmedZeros(fixed(magnitude / 1e6, decimals: 1)) + "M"
        default:
            return sign + trimmedZeros(fixed(magnitude / 1e9, decimals: 1)) + "G"
        }
    }

    /// Formats a duration in seconds as its two largest units: "42s", "5m03s", "2h05m", "3d04h".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }

        let total = seconds >= Double(Int.max / 2) ? Int.max / 2 : Int(seconds)
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        let remainder = total % 60
        if days > 0 { return "\(days)d" + twoDigits(hours) + "h" }
        if hours > 0 { return "\(hours)h" + twoDigits(minutes) + "m" }
        if minutes > 0 { return "\(minutes)m" + twoDigits(remainder) + "s" }
        return "\(remainder)s"
    }

    /// Formats a rate with three significant digits: "0.52", "31.2", "1.4k".
    public static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "--" }

        if value >= 9_999.5 { return count(Int(value.rounded())) }
        if value >= 99.95 { return fixed(value, decimals: 0) }
        if value >= 9.995 { return fixed(value, decimals: 1) }
        return fixed(value, decimals: 2)
    }

    private static func trimmedZeros(_ text: String) -> String {
        guard text.contains("."), !text.contains("e") else { return text }

        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed.removeLast() }
        if trimmed.last == "." { trimmed.removeLast() }
        return String(trimmed)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
