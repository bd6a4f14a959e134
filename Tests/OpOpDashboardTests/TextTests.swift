import XCTest
@testable import OpOpDashboard

final class DisplayWidthTests: XCTestCase {
    func testWidthOfCharacters() {
        let cases: [(character: Character, width: Int, id: String)] = [
            ("a", 1, "ASCII letter"),
            (" ", 1, "space"),
            ("\t", 0, "tab"),
            ("\u{1B}", 0, "escape"),
            ("é", 1, "precomposed accent"),
            ("e\u{301}", 1, "letter with combining accent"),
            ("\u{301}", 0, "lone combining accent"),
            ("\u{200D}", 0, "zero width joiner"),
            ("中", 2, "CJK ideograph"),
            ("ｱ", 1, "halfwidth katakana"),
            ("Ａ", 2, "fullwidth latin"),
            ("한", 2, "Hangul syllable"),
            ("😀", 2, "emoji"),
            ("👩‍💻", 2, "emoji ZWJ sequence"),
            ("❤️", 2, "text symbol with emoji selector"),
            ("─", 1, "box drawing"),
            ("⣿", 1, "braille"),
            ("▁", 1, "block element"),
        ]
        for (character, width, id) in cases {
            XCTAssertEqual(displayWidth(character), width, id)
        }
    }

    func testWidthOfString() {
        XCTAssertEqual(displayWidth("ab中c"), 5)
        XCTAssertEqual(displayWidth(""), 0)
    }

    func testTruncationNeverSplitsCharacters() {
        XCTAssertEqual(truncated("中文字", toWidth: 5), "中文")
        XCTAssertEqual(truncated("ab中", toWidth: 3), "ab")
        XCTAssertEqual(truncated("layer.weight", toWidth: 6, ellipsis: "…"), "layer…")
        XCTAssertEqual(truncated("short", toWidth: 6, ellipsis: "…"), "short")
        XCTAssertEqual(truncated("e\u{301}e\u{301}e\u{301}", toWidth: 2), "e\u{301}e\u{301}")
        XCTAssertEqual(truncated("abc", toWidth: 0), "")
    }

    func testSanitizingControlAndNonASCII() {
        XCTAssertEqual(sanitizedForDisplay("a\tb\u{1B}[2Jc", asciiOnly: false), "a b [2Jc")
        XCTAssertEqual(sanitizedForDisplay("héllo 中", asciiOnly: true), "h?llo ?")
        XCTAssertEqual(sanitizedForDisplay("héllo 中", asciiOnly: false), "héllo 中")
    }

    func testWrappingAtSpaces() {
        XCTAssertEqual(wrapped("terminal too small (need 48x14)", width: 20), ["terminal too small", "(need 48x14)"])
        XCTAssertEqual(wrapped("abcdef", width: 3), ["abc"])
        XCTAssertEqual(wrapped("abc", width: 0), [])
    }
}

final class NumberFormattingTests: XCTestCase {
    func testCompactValues() {
        let cases: [(value: Double, text: String)] = [
            (0, "0"), (2.31041234, "2.3104"), (0.0123456, "0.0123"), (-3.5, "-3.5"),
            (123456.7, "123457"), (1.25e-5, "1.3e-5"), (-2.5e7, "-2.5e7"), (1e-3, "0.001"),
            (.nan, "NaN"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(NumberFormatting.compact(value), text, "\(value)")
            XCTAssertLessThanOrEqual(NumberFormatting.compact(value).count, 6, "\(value)")
        }
    }

    func testFixedDecimals() {
        let cases: [(value: Double, decimals: Int, text: String)] = [
            (1, 2, "1.00"), (0.005, 2, "0.01"), (-0.004, 2, "0.00"), (-1.25, 1, "-1.3"),
            (9.999, 2, "10.00"), (0.05, 2, "0.05"), (12345.678, 0, "12346"), (3.14159, 4, "3.1416"),
        ]
        for (value, decimals, text) in cases {
            XCTAssertEqual(NumberFormatting.fixed(value, decimals: decimals), text, "\(value) with \(decimals)")
        }
    }

    func testCounts() {
        XCTAssertEqual(NumberFormatting.count(512), "512")
        XCTAssertEqual(NumberFormatting.count(9_999), "9999")
        XCTAssertEqual(NumberFormatting.count(12_345), "12.3k")
        XCTAssertEqual(NumberFormatting.count(4_200_000), "4.2M")
        XCTAssertEqual(NumberFormatting.count(999_999), "1M")
    }

    func testDurations() {
        XCTAssertEqual(NumberFormatting.duration(42), "42s")
        XCTAssertEqual(NumberFormatting.duration(303), "5m03s")
        XCTAssertEqual(NumberFormatting.duration(7_500), "2h05m")
        XCTAssertEqual(NumberFormatting.duration(273_600), "3d04h")
        XCTAssertEqual(NumberFormatting.duration(-1), "--")
        XCTAssertEqual(NumberFormatting.duration(.infinity), "--")
    }

    func testRates() {
        XCTAssertEqual(NumberFormatting.rate(0.523), "0.52")
        XCTAssertEqual(NumberFormatting.rate(31.24), "31.2")
        XCTAssertEqual(NumberFormatting.rate(512.4), "512")
        XCTAssertEqual(NumberFormatting.rate(14_000), "14k")
        XCTAssertEqual(NumberFormatting.rate(.nan), "--")
    }

    func testTimeWindowLabels() {
        XCTAssertEqual(TimeWindow.choices.map(TimeWindow.label), [
            "100", "200", "500", "1k", "2k", "5k", "10k", "20k", "50k", "100k", "200k", "500k", "1M", "all",
        ])
    }
}
