@testable import OpOpTopApp
import XCTest

final class HelpTextTests: XCTestCase {
    private let help = HelpText.render(catalog: testCatalog)

    func testHelpListsCatalogEntries() {
        for workload in testCatalog.workloads {
            XCTAssertTrue(help.contains(workload.name), "missing workload \(workload.name)")
            XCTAssertTrue(help.contains(workload.summary), "missing summary of \(workload.name)")
        }
        for optimizer in testCatalog.optimizers {
            XCTAssertTrue(help.contains(optimizer.name), "missing optimizer \(optimizer.name)")
        }
        for binding in testCatalog.keyBindings {
            XCTAssertTrue(help.contains(binding.keys), "missing key \(binding.keys)")
            XCTAssertTrue(help.contains(binding.action), "missing action \(binding.action)")
        }
        XCTAssertTrue(help.contains("digits"), help)
        XCTAssertTrue(help.contains("(default)"))
        XCTAssertTrue(help.contains("9.8.7"))
    }

    func testHelpListsEveryOption() {
        let options = ["--optimizer NAME", "--lr X", "--steps N", "--seed N", "--run-dir DIR", "--exploration X", "--no-brain", "--plain", "--race", "-h, --help", "--version", "--  "]
        for option in options {
            XCTAssertTrue(help.contains("  " + option), "missing option \(option)")
        }
        XCTAssertFalse(help.contains("_terminal-demo"), "the hidden command is listed")
        XCTAssertFalse(help.contains("--crash-on-key"), "the hidden option is listed")
    }

    func testHelpStatesDefaults() {
        XCTAssertTrue(help.contains("(default: adam)"))
        XCTAssertTrue(help.contains("(default: 50000)"))
        XCTAssertTrue(help.contains("(default: 0)"))
        XCTAssertTrue(help.contains("adamw 0.002"))
        XCTAssertTrue(help.contains("sgd 0.1"))
        XCTAssertTrue(help.contains("./runs/YYYYMMDD-HHMMSS-WORKLOAD"))
    }

    func testHelpNamesEnvironment() {
        for variable in ["NO_COLOR", "TERM", "LC_ALL", "LC_CTYPE", "LANG"] {
            XCTAssertTrue(help.contains(variable), "missing \(variable)")
        }
    }

    func testHelpFitsEightyColumns() {
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            XCTAssertLessThanOrEqual(line.count, HelpText.lineWidth, "too long: \(line)")
        }
    }

    func testWrapBreaksAtSpaces() {
        XCTAssertEqual(HelpText.wrap("aa bb cc", width: 5), ["aa bb", "cc"])
        XCTAssertEqual(HelpText.wrap("abcdefgh ij", width: 4), ["abcdefgh", "ij"])
        XCTAssertEqual(HelpText.wrap("", width: 10), [])
    }
}
