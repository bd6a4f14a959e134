import Foundation
import OpOpExport
import OpOpTrace
import XCTest

/// Expected outputs committed under Tests/OpOpExportTests/Golden.
///
/// To regenerate them after a deliberate change in the output, or after recording new
/// fixtures with Tests/Fixtures/make-fixtures.py, run
///
///     OPOP_UPDATE_GOLDEN=1 swift test --filter OpOpExportTests.GoldenOutputTests
///
/// which rewrites every golden file (and docs/images/example-run.svg) instead of
/// comparing, then review the diff before committing it.
enum GoldenFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["OPOP_UPDATE_GOLDEN"] == "1"
    }

    /// Compares `actual` with the golden file `name`, or rewrites it when updating.
    static func assertMatches(
        _ actual: String, _ name: String, alsoWriteTo extra: URL? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = directory.appendingPathComponent(name)
        if isUpdating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if let extra {
                try actual.write(to: extra, atomically: true, encoding: .utf8)
            }
            return
        }

        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = Array(zip(actualLines, expectedLines)).firstIndex { $0.0 != $0.1 } ?? min(actualLines.count, expectedLines.count)
            let got = firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>"
            let expectedLine = firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>"
            XCTFail(
                "\(name) differs at line \(firstDifference + 1)\n  expected: \(expectedLine)\n  actual:   \(got)\n"
                    + "rerun with OPOP_UPDATE_GOLDEN=1 if the change is intended",
                file: file, line: line
            )
        }
    }
}

/// Feeds the fixture runs through the export consumers.
enum FixtureExports {
    static let paths = [FixtureTraces.smallRun, FixtureTraces.smallRunNoBrain]
    static let labels = ["small-run", "small-run-no-brain"]

    static func digest(_ path: String) throws -> RunDigest {
        let (records, corrupt) = try FixtureTraces.read(path)
        var digest = RunDigest()
        records.forEach { digest.add($0) }
        digest.badValues.corruptLines = corrupt
        return digest
    }

    static func chartData(_ path: String) throws -> RunChartData {
        var data = RunChartData()
        try FixtureTraces.read(path).records.forEach { data.add($0) }
        return data
    }
}
