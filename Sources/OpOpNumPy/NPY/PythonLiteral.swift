/// A value in the subset of Python literal syntax that `.npy` headers use.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: String, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.boolean(let a), .boolean(let b)): a == b
        case (.none, .none): true
        case (.tuple(let a), .tuple(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.dictionary(let a), .dictionary(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// A recursive-descent parser for the Python literals in a `.npy` header.
///
/// It accepts the values that `ast.literal_eval` accepts in these forms: single- or
/// double-quoted strings, decimal integers with an optional sign, `True`, `False`, `None`,
/// tuples, lists, and dictionaries with string keys. Any whitespace and trailing commas
/// are allowed, and so is the `L` suffix that Python 2 wrote after integers. `(3)` is the
/// integer 3, as in Python, so a one-element tuple needs the comma: `(3,)`.
struct PythonLiteralParser {
    private let text: [UInt8]
    private var position = 0

    /// Deepest nesting accepted, so a header of ten thousand `(` cannot overflow the stack.
    private static let maximumDepth = 32

    init(_ text: [UInt8]) {
        self.text = text
    }

    /// Parses `text` as one literal followed only by whitespace.
    static func parse(_ text: [UInt8]) throws(NumPyFormatError) -> PythonLiteral {
        var parser = PythonLiteralParser(text)
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == text.count else {
            throw parser.error("unexpected text after the dictionary")
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(NumPyFormatError) -> PythonLiteral {
        guard depth < Self.maximumDepth else {
            throw error("values nested more than \(Self.maximumDepth) deep")
        }

        skipWhitespace()
        guard let byte = peek() else {
            throw error("the header ends where a value should start")
        }

        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "("):
            return try parseParenthesized(depth: depth)
        case UInt8(ascii: "["):
            position += 1
            return .list(try parseSequence(closing: UInt8(ascii: "]"), depth: depth))
        case UInt8(ascii: "{"):
            return try parseDictionary(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .integer(try parseInteger())
        default:
            return try parseKeyword()
        }
    }

    private mutating func parseString() throws(NumPyFormatError) -> String {
        let quote = text[position]
        position += 1

        var scalars = String.UnicodeScalarView()
        while let byte = peek() {
            position += 1
            if byte == quote {
                return String(scalars)
            }
            if byte == UInt8(ascii: "\n") {
                break
            }

            var literal = byte
            if byte == UInt8(ascii: "\\") {
                guard let escaped = peek() else {
                    break
                }
                position += 1
                literal = escaped
            }
            // Header bytes are Latin-1, so each byte is the Unicode scalar of the same value.
            scalars.append(Unicode.Scalar(literal))
        }
        throw error("a string is not closed")
    }

    private mutating func parseInteger() throws(NumPyFormatError) -> Int {
        let start = position
        var negative = false
        if let sign = peek(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            position += 1
            skipWhitespace()
        }

        var magnitude = 0
        var digitCount = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let digit = Int(byte - UInt8(ascii: "0"))
            let (shifted, overflowMultiply) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.addingReportingOverflow(digit)
            guard !overflowMultiply, !overflowAdd else {
                position = start
                throw error("an integer does not fit in 64 bits")
            }
            magnitude = next
            digitCount += 1
            position += 1
        }

        guard digitCount > 0 else {
            position = start
            throw error("a sign is not followed by digits")
        }
        if peek() == UInt8(ascii: "L") || peek() == UInt8(ascii: "l") {
            position += 1
        }
        return negative ? -magnitude : magnitude
    }

    private mutating func parseKeyword() throws(NumPyFormatError) -> PythonLiteral {
        let keywords: [(String, PythonLiteral)] = [("True", .boolean(true)), ("False", .boolean(false)), ("None", .none)]

        for (word, value) in keywords {
            let spelling = Array(word.utf8)
            let end = position + spelling.count
            guard end <= text.count, Array(text[position..<end]) == spelling else {
                continue
            }
            if end < text.count, Self.isIdentifierByte(text[end]) {
                continue
            }
            position = end
            return value
        }
        throw error("expected a string, number, True, False, None, tuple, list or dictionary")
    }

    /// Parses `(...)`: a tuple when empty or when it has a comma, otherwise the grouped value.
    private mutating func parseParenthesized(depth: Int) throws(NumPyFormatError) -> PythonLiteral {
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: ")") {
            position += 1
            return .tuple([])
        }

        let first = try parseValue(depth: depth + 1)
        skipWhitespace()
        if peek() == UInt8(ascii: ")") {
            position += 1
            return first
        }

        try expect(UInt8(ascii: ","))
        let rest = try parseSequence(closing: UInt8(ascii: ")"), depth: depth)
        return .tuple([first] + rest)
    }

    /// Parses comma-separated values up to and including `closing`, allowing a trailing comma.
    private mutating func parseSequence(closing: UInt8, depth: Int) throws(NumPyFormatError) -> [PythonLiteral] {
        var values: [PythonLiteral] = []
        while true {
            skipWhitespace()
            if peek() == closing {
                position += 1
                return values
            }

            values.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if peek() == closing {
                position += 1
                return values
            }
            try expect(UInt8(ascii: ","))
        }
    }

    private mutating func parseDictionary(depth: Int) throws(NumPyFormatError) -> PythonLiteral {
        position += 1
        var entries: [(key: String, value: PythonLiteral)] = []

        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return .dictionary(entries)
            }

            guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                throw error("expected a quoted dictionary key")
            }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            let value = try parseValue(depth: depth + 1)
            entries.append((key, value))

            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return .dictionary(entries)
            }
            try expect(UInt8(ascii: ","))
        }
    }

    private mutating func expect(_ byte: UInt8) throws(NumPyFormatError) {
        skipWhitespace()
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    private func peek() -> UInt8? {
        position < text.count ? text[position] : nil
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private func error(_ problem: String) -> NumPyFormatError {
        NumPyFormatError(
            .invalidHeader,
            "invalid .npy header at byte \(position) of \(text.count): \(problem) (header \(HeaderText.quote(text)))",
            fix: "the file is corrupt or was not written by numpy.save; write it again"
        )
    }
}

/// Formatting of raw header bytes for error messages.
enum HeaderText {
    /// Quotes `bytes` as printable ASCII, escaping the rest as `\xNN` and cutting it at 120 bytes.
    static func quote<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var result = "\""
        for byte in bytes.prefix(120) {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                result += "\\" + String(Character(Unicode.Scalar(byte)))
            case 0x20...0x7E:
                result.append(Character(Unicode.Scalar(byte)))
            case 0x0A:
                result += "\\n"
            default:
                let hex = String(byte, radix: 16)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        result += "\""
        if bytes.count > 120 {
            result += "..."
        }
        return result
    }
}
