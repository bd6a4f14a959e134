@testable import OpOpTopApp
import XCTest

final class NumberParsingTests: XCTestCase {
    func testDecimalLiteralForms() {
        let cases: [(text: String, valid: Bool)] = [
            ("0", true), ("0.001", true), (".5", true), ("5.", true), ("-2", true), ("+2", true),
            ("1e3", true), ("1E-3", true), ("3e+4", true), ("1.5e-10", true),
            ("", false), (".", false), ("-", false), ("e3", false), ("1e", false), ("1e+", false),
            ("nan", false), ("inf", false), ("Infinity", false), ("0x10", false), ("1,5", false),
            ("1_000", false), (" 1", false), ("1 ", false), ("1..2", false), ("--1", false), ("١", false),
        ]
        for testCase in cases {
            XCTAssertEqual(NumberParsing.isDecimalLiteral(testCase.text), testCase.valid, "'\(testCase.text)'")
        }
    }

    func testWholeNumberRanges() throws {
        XCTAssertEqual(try NumberParsing.wholeNumber("0", option: "--n", range: 0...UInt8.max, expected: "e"), 0)
        XCTAssertEqual(try NumberParsing.wholeNumber("255", option: "--n", range: 0...UInt8.max, expected: "e"), 255)
        XCTAssertEqual(try NumberParsing.wholeNumber("007", option: "--n", range: 1...10, expected: "e"), 7)

        XCTAssertThrowsError(try NumberParsing.wholeNumber("256", option: "--n", range: 0...UInt8.max, expected: "e")) { error in
            XCTAssertEqual((error as? UsageError)?.message, "invalid value '256' for --n; the maximum is 255")
        }
        XCTAssertThrowsError(try NumberParsing.wholeNumber("11", option: "--n", range: 1...10, expected: "e")) { error in
            XCTAssertEqual((error as? UsageError)?.message, "invalid value '11' for --n; the maximum is 10")
        }
    }

    func testDecimalRejectsOverflow() {
        XCTAssertThrowsError(try NumberParsing.decimal("-1e400", option: "--x", expected: "a number")) { error in
            XCTAssertEqual((error as? UsageError)?.message, "invalid value '-1e400' for --x; the number is too large, expected a number")
        }
    }
}
