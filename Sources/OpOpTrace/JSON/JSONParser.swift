/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
///
/// It accepts exactly one value surrounded by optional whitespace and rejects what
/// lenient parsers let through: leading zeros, trailing commas, comments, single quotes,
/// raw control characters in strings, unpaired surrogate escapes and invalid UTF-8.
/// Input size and nesting depth are limited, so hostile input costs bounded time and
/// stack. Any input either parses or throws; none crashes.
public struct JSONParser: Sendable {
    public struct Limits: Sendable, Equatable {
        /// The deepest nesting of arrays and objects; a top-level object is depth 1.
        public var maxDepth: Int
        /// The maximum input length, in bytes.
        public var maxBytes: Int

        public init(maxDepth: Int = 64, maxBytes: Int = 8 << 20) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(JSONParseError) in try parse(bytes) }
        }
        return try result.get()
    }

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(offset: 0, reason: .tooLarge(byteCount: bytes.count, limit: limits.maxBytes))
        }

        var scanner = JSONScanner(bytes: bytes, maxDepth: limits.maxDepth)
        scanner.skipWhitespace()
        guard scanner.index < bytes.count else {
            throw JSONParseError(offset: scanner.index, reason: .empty)
        }

        let value = try scanner.parseValue(depth: 0)

        scanner.skipWhitespace()
        if scanner.index < bytes.count {
            throw JSONParseError(offset: scanner.index, reason: .trailingContent(bytes[scanner.index]))
        }
        return value
    }
}

/// The parser's cursor. Each `parse…` method starts at the first byte of its value and
/// leaves `index` just past it.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            default:
                return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else {
            throw JSONParseError(offset: index, reason: .unexpectedEnd(expected: "a value"))
        }

        switch bytes[index] {
        case UInt8(ascii: "{"):
            return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["):
            return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw JSONParseError(offset: index, reason: .unexpectedByte(bytes[index], expected: "a value"))
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard depth <= maxDepth else {
            throw JSONParseError(offset: index, reason: .tooDeep(limit: maxDepth))
        }
        index += 1
        var members: [JSONMember] = []
        members.reserveCapacity(8)

        skipWhitespace()
        if try peek(expected: "a string key or '}'") == UInt8(ascii: "}") {
            index += 1
            return JSONObject(members: members)
        }

        while true {
            guard try peek(expected: "a string key") == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: index, reason: .unexpectedByte(bytes[index], expected: "a string key"))
            }
            let key = try parseString()

            skipWhitespace()
            try expectByte(UInt8(ascii: ":"), expected: "':' after an object key")
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key: key, value: value))

            skipWhitespace()
            let separator = try peek(expected: "',' or '}' after an object member")
            index += 1
            if separator == UInt8(ascii: "}") {
                return JSONObject(members: members)
            }
            guard separator == UInt8(ascii: ",") else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte(separator, expected: "',' or '}' after an object member"))
            }
            skipWhitespace()
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard depth <= maxDepth else {
            throw JSONParseError(offset: index, reason: .tooDeep(limit: maxDepth))
        }
        index += 1
        var elements: [JSONValue] = []
        elements.reserveCapacity(4)

        skipWhitespace()
        if try peek(expected: "a value or ']'") == UInt8(ascii: "]") {
            index += 1
            return elements
        }

        while true {
            elements.append(try parseValue(depth: depth))

            skipWhitespace()
            let separator = try peek(expected: "',' or ']' after an array element")
            index += 1
            if separator == UInt8(ascii: "]") {
                return elements
            }
            guard separator == UInt8(ascii: ",") else {
                throw JSONParseError(offset: index - 1, reason: .unexpectedByte(separator, expected: "',' or ']' after an array element"))
            }
            skipWhitespace()
        }
    }

    /// Returns the current byte without consuming it, or throws when the input has ended.
    private func peek(expected: String) throws(JSONParseError) -> UInt8 {
        guard index < bytes.count else {
            throw JSONParseError(offset: index, reason: .unexpectedEnd(expected: expected))
        }
        return bytes[index]
    }

    private mutating func expectByte(_ byte: UInt8, expected: String) throws(JSONParseError) {
        let found = try peek(expected: expected)
        guard found == byte else {
            throw JSONParseError(offset: index, reason: .unexpectedByte(found, expected: expected))
        }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = "'\(literal)'"
        let literalBytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in literalBytes {
            try expectByte(byte, expected: expected)
        }
    }
}
