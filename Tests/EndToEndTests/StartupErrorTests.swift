import Foundation
import XCTest

final class StartupErrorTests: EndToEndTestCase {
    func testUnusableTerminalTypesGiveOneLine() throws {
        let cases: [(id: String, environment: [String], unsetting: [String], message: String)] = [
            ("dumb", ["LC_ALL=C.UTF-8", "TERM=dumb"], [], "opop-top: terminal type 'dumb' (from TERM) cannot move the cursor"),
            ("unknown", ["LC_ALL=C.UTF-8", "TERM=nonexistent"], [], "opop-top: terminal type 'nonexistent' (from TERM) is not in the terminfo database"),
            ("empty", ["LC_ALL=C.UTF-8", "TERM="], [], "opop-top: TERM is not set"),
            ("unset", ["LC_ALL=C.UTF-8"], ["TERM"], "opop-top: TERM is not set"),
        ]
        for testCase in cases {
            let (_, run) = try startRecordedDemo(
                environment: testCase.environment,
                unsetting: testCase.unsetting,
                captureStandardError: true
            )

            XCTAssertEqual(try run.waitForStatus(), 1, testCase.id)
            let errors = try run.read("stderr")
            XCTAssertTrue(errors.hasPrefix(testCase.message), "\(testCase.id): \(errors)")
            XCTAssertEqual(errors.filter { $0 == "\n" }.count, 1, "\(testCase.id): not one line: \(errors)")
            try assertTerminalRestored(run)
        }
    }

    func testRedirectedOutputGivesOneLine() throws {
        let (_, run) = try startRecordedDemo(captureStandardError: true, redirectStandardOutput: true)

        XCTAssertEqual(try run.waitForStatus(), 1)
        let errors = try run.read("stderr")
        XCTAssertTrue(errors.hasPrefix("opop-top: standard output is not a terminal; "), errors)
        XCTAssertEqual(errors.filter { $0 == "\n" }.count, 1, errors)
        XCTAssertEqual(try run.read("stdout"), "", "escape sequences went to the redirected output")
    }

    func testNoTerminalGivesOneLine() throws {
        let result = try runBinary(["_terminal-demo"])

        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.hasPrefix("opop-top: standard input is not a terminal; "), result.errors)
        XCTAssertEqual(result.errors.filter { $0 == "\n" }.count, 1, result.errors)
        XCTAssertEqual(result.output, "")
    }

    func testUsageErrorExitsWithTwo() throws {
        let result = try runBinary(["run", "digts"])

        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.errors, "opop-top: unknown workload 'digts'; did you mean 'digits'? (choices: digits, spirals)\n")
        XCTAssertEqual(result.output, "")
    }

    func testHelpAndVersionPrintToOutput() throws {
        let help = try runBinary(["--help"])
        let version = try runBinary(["--version"])

        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("Usage:"), help.output)
        XCTAssertEqual(help.errors, "")
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.output.hasPrefix("opop-top "), version.output)
    }

    /// Runs the binary with standard input from /dev/null and both outputs to files.
    private func runBinary(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let result = try Subprocess.run(binary, arguments: arguments, environment: ProcessInfo.processInfo.environment)
        return (result.status, result.output, result.errors)
    }
}
