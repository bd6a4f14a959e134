/// A byte buffer that JSON text is appended to, one token at a time.
///
/// The appenders write only what they are asked for: the caller places commas, colons
/// and brackets. Strings come out escaped and numbers in their shortest round-trip form,
/// so every appended token is valid JSON.
struct JSONOutput: TextOutputStream {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `"key":` for a key known to need no escaping.
    mutating func appendKey(_ key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a quoted JSON string.
    ///
    /// `"` and `\` get a backslash and every control character below U+0020 becomes
    /// `\u00XX` with lowercase hex digits. Everything else, including non-ASCII text, is
    /// copied as UTF-8, which Swift strings always hold valid.
    mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))

        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }

        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            bytes.append(byte)
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            hexDigits.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0f)])
            }
        }
    }

    /// Appends a decimal integer.
    mutating func appendInteger(_ value: Int) {
        var magnitude = value.magnitude
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }

        // Twenty digits hold any UInt64; they are produced backwards, then copied in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends a number, or for NaN and the infinities the strings `"NaN"`, `"Infinity"`
    /// and `"-Infinity"`, which JSON numbers cannot express.
    ///
    /// Finite values use the shortest decimal form that reads back as the same Double,
    /// the form of `Double.description` ("0.1", "1e-05", "-0.0", "100.0").
    mutating func appendDouble(_ value: Double) {
        guard value.isFinite else {
            if value.isNaN {
                appendASCII("\"NaN\"")
            } else if value < 0 {
                appendASCII("\"-Infinity\"")
            } else {
                appendASCII("\"Infinity\"")
            }
            return
        }

        // Whole numbers such as the neutral knobs 1.0 and 0.0 skip the general conversion.
        // Below 1e15 `description` prints them as digits followed by ".0", as here.
        if value.magnitude < 1e15, value == value.rounded(.towardZero), value != 0 || value.sign == .plus {
            appendInteger(Int(value))
            appendASCII(".0")
            return
        }

        // `write(to:)` hands the digits to `_writeASCII` below without building a String.
        value.write(to: &self)
    }

    mutating func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }
}
