/// Formatting of CSV fields by RFC 4180.
enum CSVField {
    /// Returns `text` as a field: quoted, with inner quotes doubled, when it contains a
    /// comma, a quote, a carriage return or a line feed, or starts or ends with a space.
    ///
    /// The checks look at Unicode scalars, not characters, because a quote followed by a
    /// combining mark forms one character that is not equal to `"`.
    static func text(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
        let needsQuotes = scalars.contains(where: special.contains)
            || scalars.first == " " || scalars.last == " "
        guard needsQuotes else { return text }

        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            quoted.append(scalar)
            if scalar == "\"" {
                quoted.append("\"")
            }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// Returns a number in its shortest form that reads back as the same double, and
    /// `NaN`, `Inf` or `-Inf` for the values that have no decimal form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        return "\(value)"
    }

    /// Returns an optional number, or an empty field for none.
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return number(value)
    }
}
