/// Cleans a log line for parsing: removes ANSI escape sequences, which coloured
/// trainer output contains, and rejects other control characters, which text does not.
enum OpopLogText {
    struct Problem: Error {
        var reason: String
    }

    private static let escape: Unicode.Scalar = "\u{1B}"

    static func clean(_ text: String) -> Result<String, Problem> {
        guard text.unicodeScalars.contains(where: isControl) else {
            return .success(text)
        }

        var kept = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()

        while let scalar = scalars.next() {
            if scalar == escape {
                skipEscapeSequence(&scalars)
                continue
            }
            if isControl(scalar) && scalar != "\t" {
                let code = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                return .failure(Problem(reason: "the line contains the control character U+\(padded)"))
            }
            kept.append(scalar)
        }
        return .success(String(kept))
    }

    /// Skips the rest of an escape sequence after ESC: a CSI sequence (`ESC [`, parameters,
    /// one final byte from `@` to `~`) or one following character.
    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next(), next == "[" else {
            return
        }
        while let scalar = scalars.next() {
            if scalar.value >= 0x40 && scalar.value <= 0x7E {
                return
            }
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}
