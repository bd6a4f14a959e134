/// The reason a text is not valid JSON, and the byte offset where the parser stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The input held nothing but whitespace.
        case empty
        /// The input ended while `expected` was still missing.
        case unexpectedEnd(expected: String)
        /// A byte that cannot start or continue the value at this position.
        case unexpectedByte(UInt8, expected: String)
        /// A backslash followed by a byte that is not one of `"\/bfnrtu`.
        case invalidEscape(UInt8)
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A UTF-16 surrogate escape without its partner, such as a lone `\ud800`.
        case unpairedSurrogate(UInt16)
        /// A raw control character (below U+0020) inside a string; JSON requires `\u00XX`.
        case controlCharacterInString(UInt8)
        /// String bytes that are not valid UTF-8.
        case invalidUTF8
        /// A number that breaks the JSON grammar, such as `01`, `1.` or `-`.
        case invalidNumber(String)
        /// A number too large for a Double, such as `1e400`.
        case numberOutOfRange(String)
        /// Arrays and objects nested deeper than the limit.
        case tooDeep(limit: Int)
        /// An input longer than the limit, in bytes.
        case tooLarge(byteCount: Int, limit: Int)
        /// Something other than whitespace after the complete value.
        case trailingContent(UInt8)
    }

    /// The zero-based byte offset in the input.
    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "invalid JSON at byte \(offset): \(reasonDescription)"
    }

    private var reasonDescription: String {
        switch reason {
        case .empty:
            return "the text is empty"
        case .unexpectedEnd(let expected):
            return "the text ends where \(expected) was expected"
        case .unexpectedByte(let byte, let expected):
            return "expected \(expected), found \(Self.quote(byte))"
        case .invalidEscape(let byte):
            return "invalid escape '\\\(Self.printable(byte))' in a string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
        case .invalidUnicodeEscape:
            return "\\u must be followed by four hex digits"
        case .unpairedSurrogate(let unit):
            return "the UTF-16 surrogate \\u\(String(unit, radix: 16)) is not part of a surrogate pair"
        case .controlCharacterInString(let byte):
            return "control character \(Self.printable(byte)) inside a string must be escaped as \\u00XX"
        case .invalidUTF8:
            return "a string is not valid UTF-8"
        case .invalidNumber(let text):
            return "'\(text)' is not a valid JSON number"
        case .numberOutOfRange(let text):
            return "the number '\(text)' is too large for a 64-bit float"
        case .tooDeep(let limit):
            return "arrays and objects are nested deeper than \(limit) levels"
        case .tooLarge(let byteCount, let limit):
            return "the text is \(byteCount) bytes, over the \(limit)-byte limit"
        case .trailingContent(let byte):
            return "unexpected \(Self.quote(byte)) after the end of the value"
        }
    }

    private static func quote(_ byte: UInt8) -> String {
        "'\(printable(byte))'"
    }

    /// Returns the byte as itself when it is printable ASCII, otherwise as hex.
    private static func printable(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7f {
            return String(UnicodeScalar(byte))
        }
        let hex = String(byte, radix: 16)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
