import OpOpDashboard

/// Text and number formatting for SVG output, fixed so the same input always gives the
/// same bytes.
enum SVGText {
    /// Escapes text for XML content and attribute values. Characters that XML 1.0 does
    /// not allow (control characters other than tab, line feed and carriage return, and
    /// U+FFFE and U+FFFF) become U+FFFD, so the document stays well-formed.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result.unicodeScalars.append("\u{FFFD}")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Returns `text` cut to `width` display columns with an ellipsis, then escaped.
    static func label(_ text: String, maxWidth width: Int) -> String {
        escaped(truncated(text, toWidth: width, ellipsis: "…"))
    }

    /// Formats a coordinate with one decimal, without a trailing ".0".
    static func coordinate(_ value: Double) -> String {
        let text = NumberFormatting.fixed(value, decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Formats a tick label value.
    static func tick(_ value: Double) -> String {
        NumberFormatting.compact(value, width: 6)
    }
}
