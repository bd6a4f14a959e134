import OpOpTrace
import XCTest

final class JSONParserTests: XCTestCase {
    private let parser = JSONParser()

    func testScalars() throws {
        XCTAssertEqual(try parser.parse("null"), .null)
        XCTAssertEqual(try parser.parse(" true "), .bool(true))
        XCTAssertEqual(try parser.parse("\tfalse\r\n"), .bool(false))
        XCTAssertEqual(try parser.parse(#""abc""#), .string("abc"))
        XCTAssertEqual(try parser.parse("120"), .number(JSONNumber(value: 120, integer: 120)))
    }

    func testObjectKeepsOrderAndDuplicates() throws {
        let value = try parser.parse(#"{"b":1,"a":[true,null],"b":2}"#)

        guard case .object(let object) = value else {
            return XCTFail("expected an object, found \(value)")
        }
        XCTAssertEqual(object.members.map(\.key), ["b", "a", "b"])
        XCTAssertEqual(object["b"], .number(JSONNumber(value: 2, integer: 2)))
        XCTAssertEqual(object["a"], .array([.bool(true), .null]))
        XCTAssertNil(object["c"])
    }

    func testEmptyContainersAndWhitespace() throws {
        XCTAssertEqual(try parser.parse(" { } "), .object(JSONObject()))
        XCTAssertEqual(try parser.parse("[ ]"), .array([]))
        XCTAssertEqual(try parser.parse(" [ 1 , { \"k\" : [ ] } ] "), .array([
            .number(JSONNumber(value: 1, integer: 1)),
            .object(JSONObject(members: [JSONMember(key: "k", value: .array([]))])),
        ]))
    }

    func testStringEscapes() throws {
        let cases: [(json: String, expected: String)] = [
            (#""\"\\\/""#, "\"\\/"),
            (#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"),
            (#""\u0041\u00fc\u00FC""#, "Aüü"),
            (#""\u0000""#, "\u{0}"),
            (#""\ud83e\udde0""#, "🧠"),
            (#""\uD83D\uDE00 after""#, "😀 after"),
            (#""before \u2028""#, "before \u{2028}"),
            (#""raw ü 🧠""#, "raw ü 🧠"),
        ]

        for testCase in cases {
            XCTAssertEqual(try parser.parse(testCase.json), .string(testCase.expected), testCase.json)
        }
    }

    func testNumbers() throws {
        let cases: [(json: String, value: Double, integer: Int?)] = [
            ("0", 0, 0),
            ("-0", -0.0, 0),
            ("7", 7, 7),
            ("-12", -12, -12),
            ("9223372036854775807", 0x1p63, Int.max),
            ("-9223372036854775808", -0x1p63, Int.min),
            ("9223372036854775808", 0x1p63, nil),
            ("1.5", 1.5, nil),
            ("120.0", 120, nil),
            ("-0.0", -0.0, nil),
            ("1e-05", 1e-05, nil),
            ("1E+3", 1000, nil),
            ("2.5e-3", 0.0025, nil),
            ("0.1", 0.1, nil),
            ("0.30000000000000004", 0.30000000000000004, nil),
            ("1736847012.251", 1_736_847_012.251, nil),
            ("1.7976931348623157e+308", .greatestFiniteMagnitude, nil),
            ("5e-324", .leastNonzeroMagnitude, nil),
            ("1e-400", 0, nil),
            ("123456789012345678901234567890", 1.2345678901234568e29, nil),
        ]

        for testCase in cases {
            let value = try parser.parse(testCase.json)
            guard case .number(let number) = value else {
                XCTFail("\(testCase.json): expected a number, found \(value)")
                continue
            }
            XCTAssertEqual(number.value.bitPattern, testCase.value.bitPattern, "\(testCase.json) parsed as \(number.value)")
            XCTAssertEqual(number.integer, testCase.integer, testCase.json)
        }
    }

    /// Shortest-form text of random Doubles must read back bit for bit, through both the
    /// fast path and the standard library fallback.
    func testRandomDoublesRoundTrip() throws {
        var random = TestRandom(seed: 42)
        for index in 0..<20_000 {
            let value: Double
            if index % 2 == 0 {
                value = Double(bitPattern: random.next())
            } else {
                value = Double.random(in: -1000...1000, using: &random)
            }
            guard value.isFinite else {
                continue
            }

            let parsed = try parser.parse(value.description)
            guard case .number(let number) = parsed else {
                XCTFail("\(value.description) parsed as \(parsed)")
                continue
            }
            XCTAssertEqual(number.value.bitPattern, value.bitPattern, value.description)
        }
    }

    /// Long significands with exponents near zero take the 80-bit path; the standard
    /// library's correctly rounded parser is the reference.
    func testLongSignificandsMatchStandardParser() throws {
        var random = TestRandom(seed: 17)
        for _ in 0..<20_000 {
            let digitCount = Int.random(in: 16...19, using: &random)
            var digits = String(Int.random(in: 1...9, using: &random))
            for _ in 1..<digitCount {
                digits += String(Int.random(in: 0...9, using: &random))
            }
            let pointPosition = Int.random(in: 1...digitCount, using: &random)
            let mantissa = pointPosition == digitCount
                ? digits
                : String(digits.prefix(pointPosition)) + "." + String(digits.dropFirst(pointPosition))
            let exponent = Int.random(in: -30...30, using: &random)
            let text = (Bool.random(using: &random) ? "-" : "") + mantissa + "e" + String(exponent)

            try assertParsesLikeStandardLibrary(text)
        }
    }

    /// Decimal values exactly halfway between two Doubles, and their neighbours, must
    /// round like the standard library does (ties to even).
    func testHalfwayCasesMatchStandardParser() throws {
        // The 80-bit quotient of this one lands exactly halfway between two Doubles
        // although the decimal value does not, so rounding it again would be wrong.
        var texts = ["-93966108.468126091e3", "93966108.468126091e3"]
        let bases: [UInt64] = [1 << 53, 1 << 54, 1 << 60, 6_000_000_000_000_000_000 & ~0xFFF]
        for base in bases {
            let start = Double(base)
            for index in 0..<50 {
                let lower = UInt64(start) + UInt64(index) * UInt64(start.ulp)
                let halfway = lower + UInt64(start.ulp) / 2
                for candidate in [halfway - 1, halfway, halfway + 1] {
                    texts.append("\(candidate)e0")
                    texts.append("\(candidate).0")
                    if candidate < UInt64.max / 1000 {
                        texts.append("\(candidate)000e-3")
                    }
                }
            }
        }

        for text in texts {
            try assertParsesLikeStandardLibrary(text)
        }
    }

    private func assertParsesLikeStandardLibrary(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try XCTUnwrap(Double(text), text, file: file, line: line)
        let parsed = try parser.parse(text)
        guard case .number(let number) = parsed else {
            return XCTFail("\(text) parsed as \(parsed)", file: file, line: line)
        }
        XCTAssertEqual(number.value.bitPattern, expected.bitPattern, "\(text) parsed as \(number.value), expected \(expected)", file: file, line: line)
    }

    func testInvalidInputs() {
        let cases: [(name: String, json: String, offset: Int, reason: JSONParseError.Reason)] = [
            ("empty", "", 0, .empty),
            ("whitespace only", "  \n", 3, .empty),
            ("leading zero", "01", 0, .invalidNumber("01")),
            ("minus alone", "-", 0, .invalidNumber("-")),
            ("dot without digits", "1.", 0, .invalidNumber("1.")),
            ("dot first", ".5", 0, .unexpectedByte(UInt8(ascii: "."), expected: "a value")),
            ("exponent without digits", "1e", 0, .invalidNumber("1e")),
            ("plus sign", "+1", 0, .unexpectedByte(UInt8(ascii: "+"), expected: "a value")),
            ("overflow", "1e400", 0, .numberOutOfRange("1e400")),
            ("bare word", "nan", 1, .unexpectedByte(UInt8(ascii: "a"), expected: "'null'")),
            ("truncated literal", "tru", 3, .unexpectedEnd(expected: "'true'")),
            ("misspelled literal", "nulL", 3, .unexpectedByte(UInt8(ascii: "L"), expected: "'null'")),
            ("trailing comma in array", "[1,]", 3, .unexpectedByte(UInt8(ascii: "]"), expected: "a value")),
            ("trailing comma in object", #"{"a":1,}"#, 7, .unexpectedByte(UInt8(ascii: "}"), expected: "a string key")),
            ("missing colon", #"{"a" 1}"#, 5, .unexpectedByte(UInt8(ascii: "1"), expected: "':' after an object key")),
            ("unquoted key", "{a:1}", 1, .unexpectedByte(UInt8(ascii: "a"), expected: "a string key")),
            ("single quotes", "'a'", 0, .unexpectedByte(UInt8(ascii: "'"), expected: "a value")),
            ("missing comma", "[1 2]", 3, .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']' after an array element")),
            ("unclosed array", "[1", 2, .unexpectedEnd(expected: "',' or ']' after an array element")),
            ("unclosed object", #"{"a":1"#, 6, .unexpectedEnd(expected: "',' or '}' after an object member")),
            ("unclosed string", #""abc"#, 4, .unexpectedEnd(expected: "'\"' closing the string")),
            ("raw newline in string", "\"a\nb\"", 2, .controlCharacterInString(0x0a)),
            ("raw tab in string", "\"a\tb\"", 2, .controlCharacterInString(0x09)),
            ("bad escape", #""\x""#, 1, .invalidEscape(UInt8(ascii: "x"))),
            ("short unicode escape", #""\u12""#, 1, .invalidUnicodeEscape),
            ("non-hex unicode escape", #""\u12g4""#, 1, .invalidUnicodeEscape),
            ("lone high surrogate", #""\ud800""#, 1, .unpairedSurrogate(0xd800)),
            ("high surrogate then text", #""\ud800abc""#, 1, .unpairedSurrogate(0xd800)),
            ("high surrogate then non-low", #""\ud800\u0041""#, 1, .unpairedSurrogate(0xd800)),
            ("lone low surrogate", #""\udc00""#, 1, .unpairedSurrogate(0xdc00)),
            ("second value", "1 2", 2, .trailingContent(UInt8(ascii: "2"))),
            ("comment", "{} // note", 3, .trailingContent(UInt8(ascii: "/"))),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try parser.parse(testCase.json), testCase.name) { error in
                XCTAssertEqual(error as? JSONParseError, JSONParseError(offset: testCase.offset, reason: testCase.reason), testCase.name)
            }
        }
    }

    func testInvalidUTF8Rejected() {
        let cases: [(name: String, bytes: [UInt8])] = [
            ("lone continuation byte", [0x22, 0x80, 0x22]),
            ("truncated sequence", [0x22, 0xE2, 0x82, 0x22]),
            ("overlong encoding", [0x22, 0xC0, 0xAF, 0x22]),
            ("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]),
            ("invalid after escape", [0x22, 0x5C, 0x6E, 0xFF, 0x22]),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try testCase.bytes.withUnsafeBufferPointer { try parser.parse($0) }, testCase.name) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, .invalidUTF8, testCase.name)
            }
        }
    }

    func testDepthLimit() throws {
        let limited = JSONParser(limits: .init(maxDepth: 3, maxBytes: 1000))

        XCTAssertNoThrow(try limited.parse("[[[1]]]"))
        XCTAssertThrowsError(try limited.parse("[[[[1]]]]")) { error in
            XCTAssertEqual(error as? JSONParseError, JSONParseError(offset: 3, reason: .tooDeep(limit: 3)))
        }
        XCTAssertThrowsError(try limited.parse(#"{"a":{"b":{"c":{}}}}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, .tooDeep(limit: 3))
        }
    }

    func testDeepNestingDoesNotOverflowStack() {
        let deep = String(repeating: "[", count: 100_000)

        XCTAssertThrowsError(try parser.parse(deep)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, .tooDeep(limit: 64))
        }
    }

    func testSizeLimit() {
        let limited = JSONParser(limits: .init(maxDepth: 8, maxBytes: 10))

        XCTAssertNoThrow(try limited.parse("[1,2,3,4]"))
        XCTAssertThrowsError(try limited.parse("[1,2,3,4,5]")) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, .tooLarge(byteCount: 11, limit: 10))
        }
    }

    func testErrorDescriptions() {
        XCTAssertEqual(
            JSONParseError(offset: 5, reason: .unexpectedByte(UInt8(ascii: "1"), expected: "':' after an object key")).description,
            "invalid JSON at byte 5: expected ':' after an object key, found '1'"
        )
        XCTAssertEqual(
            JSONParseError(offset: 2, reason: .controlCharacterInString(0x0a)).description,
            "invalid JSON at byte 2: control character 0x0a inside a string must be escaped as \\u00XX"
        )
        XCTAssertEqual(
            JSONParseError(offset: 0, reason: .unexpectedByte(0x00, expected: "a value")).description,
            "invalid JSON at byte 0: expected a value, found '0x00'"
        )
    }
}
