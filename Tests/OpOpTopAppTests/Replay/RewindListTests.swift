import XCTest
@testable import OpOpTopApp

/// Which records a later rewind replaces, and where reading on may start.
final class RewindListTests: XCTestCase {
    func testLowestRewindAfterPosition() {
        var rewinds = RewindList()
        rewinds.add(position: 100, step: 500)
        rewinds.add(position: 200, step: 700)
        rewinds.add(position: 300, step: 300)

        XCTAssertEqual(rewinds.lowestRewindStep(atOrAfter: 0), 300)
        XCTAssertEqual(rewinds.lowestRewindStep(atOrAfter: 300), 300)
        XCTAssertNil(rewinds.lowestRewindStep(atOrAfter: 301))
    }

    func testReplacedRecords() {
        var rewinds = RewindList()
        rewinds.add(position: 100, step: 500)

        XCTAssertTrue(rewinds.isReplaced(position: 50, step: 500))
        XCTAssertFalse(rewinds.isReplaced(position: 50, step: 499))
        XCTAssertFalse(rewinds.isReplaced(position: 100, step: 500), "the rewinding record stays")
    }

    func testReadingOnNeedsRewindToTarget() {
        var rewinds = RewindList()
        rewinds.add(position: 100, step: 500)

        XCTAssertTrue(rewinds.canReadOn(from: 50, latestStep: 400, to: 450))
        XCTAssertTrue(rewinds.canReadOn(from: 50, latestStep: 800, to: 700), "the rewind to 500 forgets 700 to 800")
        XCTAssertFalse(rewinds.canReadOn(from: 50, latestStep: 800, to: 499))
        XCTAssertFalse(rewinds.canReadOn(from: 150, latestStep: 800, to: 700))
        XCTAssertTrue(rewinds.canReadOn(from: 150, latestStep: nil, to: 1))
    }
}
