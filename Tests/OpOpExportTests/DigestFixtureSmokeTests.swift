import OpOpExport
import OpOpTrace
import XCTest

final class SummaryPrintTests: XCTestCase {
    func testPrintSummary() throws {
        var runs: [SummaryTable.Run] = []
        for path in [FixtureTraces.smallRun, FixtureTraces.smallRunNoBrain] {
            let (records, corrupt) = try FixtureTraces.read(path)
            var digest = RunDigest()
            records.forEach { digest.add($0) }
            digest.badValues.corruptLines = corrupt
            runs.append(.init(label: path, digest: digest))
        }
        print(SummaryTable().render(runs))
    }
}
