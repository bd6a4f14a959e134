@testable import OpOpTerminal
import XCTest

final class TerminalScreenChecksTests: XCTestCase {
    func testStreamChecksInOrder() {
        let cases: [(name: String, input: Bool, output: Bool, environment: [String: String], expected: TerminalError?)] = [
            ("input not a terminal", false, true, ["TERM": "xterm"], .notATerminal(.standardInput)),
            ("output not a terminal", true, false, ["TERM": "xterm"], .notATerminal(.standardOutput)),
            ("neither, input reported first", false, false, [:], .notATerminal(.standardInput)),
            ("TERM missing", true, true, [:], .terminalTypeMissing),
            ("TERM empty", true, true, ["TERM": ""], .terminalTypeMissing),
            ("all present", true, true, ["TERM": "xterm"], nil),
        ]
        for testCase in cases {
            do {
                let type = try TerminalScreen.checkStreams(
                    standardInputIsTerminal: testCase.input,
                    standardOutputIsTerminal: testCase.output,
                    environment: testCase.environment
                )
                XCTAssertNil(testCase.expected, "\(testCase.name): expected \(String(describing: testCase.expected))")
                XCTAssertEqual(type, "xterm", testCase.name)
            } catch {
                XCTAssertEqual(error, testCase.expected, testCase.name)
            }
        }
    }

    func testTerminfoCheckKnowsTerminalTypes() throws {
        XCTAssertNoThrow(try TerminalScreen.checkTerminfo(for: "xterm"))
        XCTAssertNoThrow(try TerminalScreen.checkTerminfo(for: "screen"))

        XCTAssertThrowsError(try TerminalScreen.checkTerminfo(for: "no-such-terminal-type")) { error in
            XCTAssertEqual(error as? TerminalError, .terminalTypeUnknown("no-such-terminal-type"))
        }
        XCTAssertThrowsError(try TerminalScreen.checkTerminfo(for: "dumb")) { error in
            XCTAssertEqual(error as? TerminalError, .terminalTypeLimited("dumb"))
        }
    }

    func testErrorDescriptionsAreOneLineWithRemedy() {
        let errors: [TerminalError] = [
            .notATerminal(.standardInput),
            .notATerminal(.standardOutput),
            .terminalTypeMissing,
            .terminalTypeUnknown("vt9000"),
            .terminfoDatabaseMissing("vt9000"),
            .terminalTypeLimited("dumb"),
            .initializationFailed("vt9000"),
            .alreadyOpen,
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), "\(error)")
            XCTAssertTrue(error.description.contains("; "), "\(error) has no remedy after '; '")
        }
        XCTAssertTrue(TerminalError.terminalTypeUnknown("vt9000").description.contains("'vt9000'"))
        XCTAssertTrue(TerminalError.terminalTypeLimited("dumb").description.contains("'dumb'"))
        XCTAssertTrue(TerminalError.notATerminal(.standardOutput).description.hasPrefix("standard output"))
    }

    func testTimeoutConversionToMilliseconds() {
        let cases: [(timeout: Duration?, expected: Int32)] = [
            (nil, -1),
            (.zero, 0),
            (.milliseconds(250), 250),
            (.microseconds(1500), 1),
            (.seconds(2), 2000),
            (.seconds(-1), 0),
            (.seconds(Int64.max), Int32.max),
            (.seconds(3_000_000), Int32.max),
        ]
        for testCase in cases {
            XCTAssertEqual(TerminalScreen.milliseconds(testCase.timeout), testCase.expected, "\(String(describing: testCase.timeout))")
        }
    }
}
