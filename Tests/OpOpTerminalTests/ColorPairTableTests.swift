import OpOpDashboard
@testable import OpOpTerminal
import XCTest

final class ColorPairTableTests: XCTestCase {
    func testDefaultColoursUsePairZero() {
        var table = ColorPairTable(colorPairs: 64, usesDefaultColors: true)

        let assignment = table.assignment(foreground: nil, background: nil)

        XCTAssertEqual(assignment.pair, 0)
        XCTAssertNil(assignment.initialization)
        XCTAssertEqual(table.assignedCount, 0)
    }

    func testFirstUseAssignsAndInitializes() {
        var table = ColorPairTable(colorPairs: 64, usesDefaultColors: true)

        let red = table.assignment(foreground: .red, background: nil)
        let blueOnYellow = table.assignment(foreground: .blue, background: .yellow)

        XCTAssertEqual(red.pair, 1)
        XCTAssertEqual(red.initialization?.foreground, 1)
        XCTAssertEqual(red.initialization?.background, -1)
        XCTAssertEqual(blueOnYellow.pair, 2)
        XCTAssertEqual(blueOnYellow.initialization?.foreground, 4)
        XCTAssertEqual(blueOnYellow.initialization?.background, 3)
    }

    func testRepeatedUseReusesPair() {
        var table = ColorPairTable(colorPairs: 64, usesDefaultColors: true)
        _ = table.assignment(foreground: .green, background: nil)

        let again = table.assignment(foreground: .green, background: nil)

        XCTAssertEqual(again.pair, 1)
        XCTAssertNil(again.initialization)
        XCTAssertEqual(table.assignedCount, 1)
    }

    func testWithoutDefaultColoursNilBecomesWhiteOnBlack() {
        var table = ColorPairTable(colorPairs: 64, usesDefaultColors: false)

        let onRed = table.assignment(foreground: nil, background: .red)
        let cyan = table.assignment(foreground: .cyan, background: nil)

        XCTAssertEqual(onRed.initialization?.foreground, 7)
        XCTAssertEqual(onRed.initialization?.background, 1)
        XCTAssertEqual(cyan.initialization?.foreground, 6)
        XCTAssertEqual(cyan.initialization?.background, 0)
    }

    func testExhaustedTableFallsBackToPairZero() {
        var table = ColorPairTable(colorPairs: 3, usesDefaultColors: true)

        let first = table.assignment(foreground: .red, background: nil)
        let second = table.assignment(foreground: .green, background: nil)
        let third = table.assignment(foreground: .blue, background: nil)

        XCTAssertEqual(first.pair, 1)
        XCTAssertEqual(second.pair, 2)
        XCTAssertEqual(third.pair, 0)
        XCTAssertNil(third.initialization)
        XCTAssertEqual(table.assignment(foreground: .red, background: nil).pair, 1)
    }

    func testAllCombinationsFitIn256Pairs() {
        var table = ColorPairTable(colorPairs: 65_536, usesDefaultColors: true)
        let colors: [Color?] = [nil] + Color.allCases.map { $0 }
        var pairs = Set<Int16>()

        for foreground in colors {
            for background in colors {
                pairs.insert(table.assignment(foreground: foreground, background: background).pair)
            }
        }

        XCTAssertEqual(table.maxPair, 255)
        XCTAssertEqual(pairs.count, 81)
    }

    func testNoPairsMeansPairZeroOnly() {
        var table = ColorPairTable(colorPairs: 0, usesDefaultColors: true)

        XCTAssertEqual(table.assignment(foreground: .red, background: nil).pair, 0)
    }
}
