import Foundation
import XCTest

/// Runs the built `opop-top-bench --quick` and checks that every case printed a figure.
/// The values are never checked: they are timings of a shared machine.
final class BenchmarkSmokeTests: XCTestCase {
    func testQuickRunPrintsEveryCase() throws {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let bench = testExecutable.deletingLastPathComponent().appendingPathComponent("opop-top-bench").path
        guard FileManager.default.isExecutableFile(atPath: bench) else {
            throw HarnessError("opop-top-bench was not found at \(bench); build it with 'swift build --product opop-top-bench'")
        }
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("opop-bench-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: json) }

        let result = try Subprocess.run(bench, arguments: ["--quick", "--json", json], environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(result.status, 0, "opop-top-bench --quick failed:\n\(result.output)\n\(result.errors)")

        let rows = result.output.split(separator: "\n")
        XCTAssertTrue(rows.contains { $0.hasPrefix("machine: ") }, result.output)
        for name in ["brain", "writer", "parse", "replay", "render", "cpu"] {
            let caseRows = rows.filter { $0.hasPrefix(name + " ") }
            XCTAssertFalse(caseRows.isEmpty, "no row for case \(name):\n\(result.output)")
            for row in caseRows {
                let columns = row.split(separator: " ", omittingEmptySubsequences: true)
                let value = columns.dropFirst().first { Double($0) != nil }
                XCTAssertNotNil(value, "case \(name) printed a row without a figure: \(row)")
            }
        }

        let document = try String(contentsOfFile: json, encoding: .utf8)
        XCTAssertTrue(document.hasPrefix("{\"machine\":{"), document)
        XCTAssertFalse(document.contains("\"value\":null"), "a figure has no value in the JSON:\n\(document)")
    }
}
