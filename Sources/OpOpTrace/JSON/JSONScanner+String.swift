extension JSONScanner {
    /// Parses a string starting at its opening quote.
    ///
    /// Strings without escapes, the common case in traces, are validated and copied in
    /// one step. The first backslash switches to building the bytes in a scratch buffer.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        let contentStart = index

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return try makeString(content, startingAt: start)
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(startingAt: start, contentStart: contentStart)
            }
            if byte < 0x20 {
                throw JSONParseError(offset: index, reason: .controlCharacterInString(byte))
            }
            index += 1
        }
        throw JSONParseError(offset: index, reason: .unexpectedEnd(expected: "'\"' closing the string"))
    }

    private mutating func parseEscapedString(startingAt start: Int, contentStart: Int) throws(JSONParseError) -> String {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(index - contentStart + 16)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let result = scratch.withUnsafeBufferPointer { content in
                    Result { () throws(JSONParseError) in try makeString(content, startingAt: start) }
                }
                return try result.get()
            case UInt8(ascii: "\\"):
                try appendEscape(to: &scratch)
            case 0..<0x20:
                throw JSONParseError(offset: index, reason: .controlCharacterInString(byte))
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw JSONParseError(offset: index, reason: .unexpectedEnd(expected: "'\"' closing the string"))
    }

    /// Decodes the escape at `index` (a backslash) into UTF-8 bytes.
    private mutating func appendEscape(to scratch: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else {
            throw JSONParseError(offset: index, reason: .unexpectedEnd(expected: "an escape character after '\\'"))
        }

        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            scratch.append(code)
        case UInt8(ascii: "b"):
            scratch.append(0x08)
        case UInt8(ascii: "f"):
            scratch.append(0x0c)
        case UInt8(ascii: "n"):
            scratch.append(0x0a)
        case UInt8(ascii: "r"):
            scratch.append(0x0d)
        case UInt8(ascii: "t"):
            scratch.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape(escapeStart: escapeStart)
            appendUTF8(scalar, to: &scratch)
        default:
            throw JSONParseError(offset: escapeStart, reason: .invalidEscape(code))
        }
    }

    /// Parses the hex digits after `\u` into a Unicode scalar value, joining a surrogate
    /// pair written as two escapes. The result is never a surrogate.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        let unit = try parseHexQuad(escapeStart: escapeStart)

        switch unit {
        case 0xD800...0xDBFF:
            let lowStart = index
            let isFollowedByEscape = index + 1 < bytes.count
                && bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u")
            guard isFollowedByEscape else {
                throw JSONParseError(offset: escapeStart, reason: .unpairedSurrogate(unit))
            }
            index += 2
            let low = try parseHexQuad(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(offset: escapeStart, reason: .unpairedSurrogate(unit))
            }
            return 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)

        case 0xDC00...0xDFFF:
            throw JSONParseError(offset: escapeStart, reason: .unpairedSurrogate(unit))

        default:
            return UInt32(unit)
        }
    }

    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else {
            throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
        }

        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    /// Appends a scalar value (at most 0x10FFFF, not a surrogate) as UTF-8.
    private func appendUTF8(_ scalar: UInt32, to scratch: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(scalar >> 6))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(scalar >> 12))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        default:
            scratch.append(0xF0 | UInt8(scalar >> 18))
            scratch.append(0x80 | UInt8((scalar >> 12) & 0x3F))
            scratch.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    /// Builds a String from bytes that must be valid UTF-8.
    ///
    /// `String(decoding:as:)` is the fast path but replaces invalid sequences with U+FFFD,
    /// so non-ASCII content is accepted only when that left the bytes unchanged.
    private func makeString(_ content: UnsafeBufferPointer<UInt8>, startingAt start: Int) throws(JSONParseError) -> String {
        let string = String(decoding: content, as: UTF8.self)
        if content.allSatisfy({ $0 < 0x80 }) {
            return string
        }
        guard string.utf8.elementsEqual(content) else {
            throw JSONParseError(offset: start, reason: .invalidUTF8)
        }
        return string
    }
}
