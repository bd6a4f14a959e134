import OpOpDashboard
@testable import OpOpTerminal
import XCTest

final class RowRendererTests: XCTestCase {
    /// Widths as a UTF-8 glibc reports them for the characters these tests use.
    private static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0: return -1
        case 0x300..<0x370, 0xFE0F: return 0
        case 0x1100..<0x1160, 0x2E80..<0xA4D0, 0xAC00..<0xD7A4, 0xFF00..<0xFF61, 0x1F300..<0x1FA00: return 2
        default: return 1
        }
    }

    private let unicode = RowRenderer(supportsUnicode: true, displayWidth: RowRendererTests.width)
    private let ascii = RowRenderer(supportsUnicode: false, displayWidth: RowRendererTests.width)

    private func grid(_ text: String, style: Style = .plain) -> Grid {
        var grid = Grid(width: text.count, height: 1)
        for (x, character) in text.enumerated() {
            grid[x, 0] = Cell(character, style: style)
        }
        return grid
    }

    func testSameStyleCellsFormOneRun() {
        let bold = Style(attributes: .bold)
        let runs = unicode.runs(of: grid("abc", style: bold), row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "abc", style: bold)])
    }

    func testStyleChangeStartsNewRun() {
        var grid = grid("abcd")
        grid[2, 0] = Cell("c", style: Style(foreground: .red))
        grid[3, 0] = Cell("d", style: Style(foreground: .red))

        let runs = unicode.runs(of: grid, row: 0, columns: 80)

        XCTAssertEqual(runs, [
            StyledRun(column: 0, text: "ab", style: .plain),
            StyledRun(column: 2, text: "cd", style: Style(foreground: .red)),
        ])
    }

    func testPlainBlankRunsAreSkipped() {
        var grid = grid("a   b")
        grid[1, 0] = Cell(" ", style: Style(foreground: .red))
        grid[2, 0] = Cell(" ", style: Style(foreground: .red))
        grid[3, 0] = Cell(" ", style: Style(foreground: .red))

        let runs = unicode.runs(of: grid, row: 0, columns: 80)
        XCTAssertEqual(runs.map(\.column), [0, 1, 4])

        let blankRow = unicode.runs(of: self.grid("    "), row: 0, columns: 80)
        XCTAssertEqual(blankRow, [])
    }

    func testReverseBlanksAreKept() {
        let reverse = Style(attributes: .reverse)
        let runs = unicode.runs(of: grid("  ", style: reverse), row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "  ", style: reverse)])
    }

    func testRowsClipToScreenWidth() {
        let runs = unicode.runs(of: grid("abcdef"), row: 0, columns: 4)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "abcd", style: .plain)])
    }

    func testZeroColumnsDrawNothing() {
        XCTAssertEqual(unicode.runs(of: grid("abc"), row: 0, columns: 0), [])
    }

    func testWideCharacterSkipsItsContinuation() {
        var grid = Grid(width: 4, height: 1)
        grid[0, 0] = Cell("漢")
        grid[1, 0] = Cell(" ", isContinuation: true)
        grid[2, 0] = Cell("x")
        grid[3, 0] = Cell("y")

        let runs = unicode.runs(of: grid, row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "漢xy", style: .plain)])
    }

    func testWideCharacterCutAtEdgeBecomesBlank() {
        var grid = Grid(width: 3, height: 1)
        grid[0, 0] = Cell("a", style: Style(attributes: .bold))
        grid[1, 0] = Cell("漢", style: Style(attributes: .bold))
        grid[2, 0] = Cell(" ", style: Style(attributes: .bold), isContinuation: true)

        let runs = unicode.runs(of: grid, row: 0, columns: 2)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "a ", style: Style(attributes: .bold))])
    }

    func testOrphanContinuationShowsAsBlank() {
        var grid = Grid(width: 3, height: 1)
        grid[0, 0] = Cell("x", isContinuation: true)
        grid[1, 0] = Cell("a")
        grid[2, 0] = Cell("b")

        // No wide character precedes the continuation, so it must keep its column.
        let runs = unicode.runs(of: grid, row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 1, text: "ab", style: .plain)])
    }

    func testShortPlainGapStaysInRun() {
        let runs = unicode.runs(of: grid("ab   cd  "), row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "ab   cd", style: .plain)])
    }

    func testLongPlainGapSplitsRun() {
        let runs = unicode.runs(of: grid("  ab" + String(repeating: " ", count: 9) + "cd"), row: 0, columns: 80)

        XCTAssertEqual(runs, [
            StyledRun(column: 2, text: "ab", style: .plain),
            StyledRun(column: 13, text: "cd", style: .plain),
        ])
    }

    func testGapBeforeStyleChangeIsDropped() {
        var grid = grid("ab  cd")
        grid[4, 0] = Cell("c", style: Style(foreground: .red))
        grid[5, 0] = Cell("d", style: Style(foreground: .red))

        let runs = unicode.runs(of: grid, row: 0, columns: 80)

        XCTAssertEqual(runs, [
            StyledRun(column: 0, text: "ab", style: .plain),
            StyledRun(column: 4, text: "cd", style: Style(foreground: .red)),
        ])
    }

    func testRowOutsideGridIsEmpty() {
        XCTAssertEqual(unicode.runs(of: grid("abc"), row: 1, columns: 80), [])
        XCTAssertEqual(unicode.runs(of: grid("abc"), row: -1, columns: 80), [])
    }

    func testNarrowCharacterBeforeContinuationIsPadded() {
        var grid = Grid(width: 3, height: 1)
        grid[0, 0] = Cell("a")
        grid[1, 0] = Cell(" ", isContinuation: true)
        grid[2, 0] = Cell("b")

        let runs = unicode.runs(of: grid, row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "a b", style: .plain)])
    }

    func testTextFillsExactlyTheDeclaredWidth() {
        let cases: [(name: String, character: Character, declared: Int, unicodeText: String, asciiText: String)] = [
            ("ascii letter", "a", 1, "a", "a"),
            ("block", "█", 1, "█", "?"),
            ("braille", "⣿", 1, "⣿", "?"),
            ("wide in wide cell", "漢", 2, "漢", "? "),
            ("wide in narrow cell", "漢", 1, "?", "?"),
            ("narrow in wide cell", "é", 2, "é ", "? "),
            ("combining sequence", "e\u{301}", 1, "e\u{301}", "?"),
            ("emoji with selector", "😀\u{FE0F}", 2, "😀\u{FE0F}", "? "),
            ("tab", "\t", 1, "?", "?"),
            ("newline", "\n", 1, "?", "?"),
            ("carriage return line feed", "\r\n", 1, "?", "?"),
            ("delete", "\u{7F}", 1, "?", "?"),
            ("C1 control", "\u{85}", 1, "?", "?"),
            ("lone combining mark", "\u{301}", 1, "?", "?"),
        ]
        for testCase in cases {
            XCTAssertEqual(
                unicode.displayText(for: testCase.character, declaredWidth: testCase.declared),
                testCase.unicodeText,
                "\(testCase.name), UTF-8"
            )
            XCTAssertEqual(
                ascii.displayText(for: testCase.character, declaredWidth: testCase.declared),
                testCase.asciiText,
                "\(testCase.name), ASCII"
            )
        }
    }

    func testAsciiModeRowHasOnlyAscii() {
        let runs = ascii.runs(of: grid("a▁▂█⣿b"), row: 0, columns: 80)

        XCTAssertEqual(runs, [StyledRun(column: 0, text: "a????b", style: .plain)])
    }
}
