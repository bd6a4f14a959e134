@testable import OpOpTerminal
import XCTest

final class TerminalCapabilitiesTests: XCTestCase {
    func testCodesetSpellingsOfUTF8() {
        let cases: [(codeset: String, unicode: Bool)] = [
            ("UTF-8", true),
            ("utf-8", true),
            ("UTF8", true),
            ("utf8", true),
            ("ANSI_X3.4-1968", false),
            ("ISO-8859-1", false),
            ("", false),
        ]
        for testCase in cases {
            let capabilities = TerminalCapabilities.detect(codeset: testCase.codeset, terminalColors: 8, environment: [:])
            XCTAssertEqual(capabilities.supportsUnicode, testCase.unicode, "codeset '\(testCase.codeset)'")
        }
    }

    func testColourFollowsTerminal() {
        let colour = TerminalCapabilities.detect(codeset: "UTF-8", terminalColors: 256, environment: [:])
        let mono = TerminalCapabilities.detect(codeset: "UTF-8", terminalColors: 0, environment: [:])

        XCTAssertEqual(colour.colorCount, 256)
        XCTAssertTrue(colour.supportsColor)
        XCTAssertNil(colour.colorDisabledReason)
        XCTAssertFalse(mono.supportsColor)
        XCTAssertEqual(mono.colorDisabledReason, "terminal has no colours")
    }

    func testNonEmptyNoColorDisablesColour() {
        for value in ["1", "0", "yes", " "] {
            let capabilities = TerminalCapabilities.detect(codeset: "UTF-8", terminalColors: 256, environment: ["NO_COLOR": value])
            XCTAssertFalse(capabilities.supportsColor, "NO_COLOR='\(value)'")
            XCTAssertEqual(capabilities.colorDisabledReason, "NO_COLOR is set", "NO_COLOR='\(value)'")
        }
    }

    func testEmptyNoColorKeepsColour() {
        let capabilities = TerminalCapabilities.detect(codeset: "UTF-8", terminalColors: 8, environment: ["NO_COLOR": ""])

        XCTAssertEqual(capabilities.colorCount, 8)
    }

    func testNegativeColourCountIsZero() {
        XCTAssertEqual(TerminalCapabilities(supportsUnicode: true, colorCount: -1).colorCount, 0)
    }
}
