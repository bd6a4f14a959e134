import Foundation
import XCTest

/// Runs the built `opop-top-efficacy` in its quick mode on two cheap tasks and checks the
/// Markdown report's structure and that every loss in it is a finite number. The values
/// themselves are not checked: they belong to the brain, which changes.
final class EfficacySmokeTests: XCTestCase {
    private let tasks = ["quadratic", "logistic"]
    private let methods = [
        "bare-default", "bare-tuned", "cosine-tuned", "brain-default", "brain-tuned", "brain-frozen", "bare-at-multiplier", "bare-nudged",
    ]

    func testQuickRunWritesMarkdownReport() throws {
        let markdown = FileManager.default.temporaryDirectory.appendingPathComponent("opop-efficacy-\(getpid()).md").path
        defer { try? FileManager.default.removeItem(atPath: markdown) }
        let arguments = ["--quick", "--tasks", tasks.joined(separator: ","), "--markdown", markdown]

        let result = try Subprocess.run(try efficacyPath(), arguments: arguments, environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(result.status, 0, "opop-top-efficacy --quick failed:\n\(result.output)\n\(result.errors)")
        XCTAssertTrue(result.errors.contains("evaluation: "), "no progress line on standard error:\n\(result.errors)")
        XCTAssertTrue(result.output.contains("brain-frozen exactly neutral"), result.output)

        let report = try String(contentsOfFile: markdown, encoding: .utf8)
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines.prefix(3)), ["```sh", "swift run -c release opop-top-efficacy " + arguments.joined(separator: " "), "```"])

        for task in tasks {
            let rows = try tableRows(after: "## \(task)", in: lines)
            XCTAssertEqual(rows.count, 2 * methods.count, "\(task) table:\n\(rows.joined(separator: "\n"))")
            for row in rows {
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                XCTAssertTrue(["momentum", "adam"].contains(cells[0]), row)
                XCTAssertTrue(methods.contains(cells[1]), row)
                for (column, name) in [(2, "rate"), (3, "final loss"), (5, "AUC/tuned")] {
                    let value = Double(cells[column])
                    XCTAssertNotNil(value, "\(name) is not a number in: \(row)")
                    XCTAssertTrue(value?.isFinite ?? false, "\(name) is not finite in: \(row)")
                }
            }
        }

        let summary = try tableRows(after: "## Summary", in: lines)
        XCTAssertEqual(summary.count, 5, summary.joined(separator: "\n"))
        for row in summary {
            XCTAssertTrue(row.hasPrefix("| PASS |") || row.hasPrefix("| FAIL |") || row.hasPrefix("| NOT RUN |"), row)
        }
        XCTAssertTrue(summary.last?.hasPrefix("| PASS | brain-frozen exactly neutral") ?? false, summary.last ?? "")
    }

    func testUnknownOptionIsUsageError() throws {
        let result = try Subprocess.run(
            try efficacyPath(), arguments: ["--quick", "--frobnicate"], environment: ProcessInfo.processInfo.environment)

        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("unknown option '--frobnicate'"), result.errors)
        XCTAssertTrue(result.errors.contains("--tasks NAME,..."), "the error should list the valid options: \(result.errors)")
        XCTAssertEqual(result.output, "")
    }

    /// Returns the data rows of the first Markdown table after the line `heading`.
    private func tableRows(after heading: String, in lines: [String]) throws -> [String] {
        let start = try XCTUnwrap(lines.firstIndex(of: heading), "no heading \(heading)")
        let table = lines[start...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return Array(table.dropFirst(2))
    }

    private func efficacyPath() throws -> String {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = testExecutable.deletingLastPathComponent().appendingPathComponent("opop-top-efficacy").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError("opop-top-efficacy was not found at \(path); build it with 'swift build --product opop-top-efficacy'")
        }
        return path
    }
}
