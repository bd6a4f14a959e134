import XCTest
@testable import OpOpWorkloads

final class DigitsCSVTests: XCTestCase {
    /// Returns one CSV line: 64 pixels (all `pixel` unless replaced) and the label.
    private func line(pixel: String = "3", label: String = "7", replacing replacements: [Int: String] = [:]) -> String {
        var fields = [String](repeating: pixel, count: 64) + [label]
        for (column, text) in replacements {
            fields[column - 1] = text
        }
        return fields.joined(separator: ",")
    }

    private func parse(_ text: String) throws -> LabeledDataset {
        try DigitsCSV.parse(Array(text.utf8))
    }

    func testParsesAndScalesRows() throws {
        let text = line(pixel: "16", label: "9") + "\n" + line(pixel: "0", label: "0", replacing: [2: "8"]) + "\n"

        let dataset = try parse(text)

        XCTAssertEqual(dataset.count, 2)
        XCTAssertEqual(dataset.labels, [9, 0])
        XCTAssertEqual(Array(dataset.features[0..<64]), [Float](repeating: 1, count: 64))
        XCTAssertEqual(dataset.features[64], 0)
        XCTAssertEqual(dataset.features[65], 0.5)
    }

    func testFinalNewlineIsOptional() throws {
        let dataset = try parse(line() + "\n" + line(label: "2"))

        XCTAssertEqual(dataset.labels, [7, 2])
    }

    func testBadInputErrors() {
        let valid = line()
        let cases: [(id: String, text: String, row: Int, column: Int, problem: DigitsCSVError.Problem)] = [
            ("empty input", "", 1, 1, .noRows),
            ("only a newline", "\n", 1, 1, .emptyRow),
            ("blank line between rows", valid + "\n\n" + valid, 2, 1, .emptyRow),
            ("missing label", Array(repeating: "3", count: 64).joined(separator: ","), 1, 65, .missingColumns(found: 64)),
            ("one column", "5", 1, 2, .missingColumns(found: 1)),
            ("extra column", valid + ",1", 1, 66, .extraColumn),
            ("letter", line(replacing: [3: "x"]), 1, 3, .notAnInteger(field: "x")),
            ("empty field", line(replacing: [10: ""]), 1, 10, .notAnInteger(field: "")),
            ("decimal point", line(replacing: [4: "4.0"]), 1, 4, .notAnInteger(field: "4.0")),
            ("plus sign", line(replacing: [5: "+4"]), 1, 5, .notAnInteger(field: "+4")),
            ("leading space", line(replacing: [6: " 4"]), 1, 6, .notAnInteger(field: " 4")),
            ("lone minus", line(replacing: [7: "-"]), 1, 7, .notAnInteger(field: "-")),
            ("carriage return", valid + "\r\n" + valid, 1, 65, .notAnInteger(field: "7\r")),
            ("pixel above 16", line(replacing: [9: "17"]), 1, 9, .pixelOutOfRange(field: "17")),
            ("negative pixel", line(replacing: [1: "-1"]), 1, 1, .pixelOutOfRange(field: "-1")),
            ("huge pixel", line(replacing: [64: "99999999999999999999"]), 1, 64, .pixelOutOfRange(field: "99999999999999999999")),
            ("label 10", line(label: "10"), 1, 65, .labelOutOfRange(field: "10")),
            ("negative label", line(label: "-1"), 1, 65, .labelOutOfRange(field: "-1")),
            ("error on third row", valid + "\n" + valid + "\n" + line(replacing: [12: "20"]), 3, 12, .pixelOutOfRange(field: "20")),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try parse(testCase.text), testCase.id) { error in
                guard let csvError = error as? DigitsCSVError else {
                    return XCTFail("\(testCase.id): expected DigitsCSVError, got \(error)")
                }
                XCTAssertEqual(csvError.row, testCase.row, testCase.id)
                XCTAssertEqual(csvError.column, testCase.column, testCase.id)
                XCTAssertEqual(csvError.problem, testCase.problem, testCase.id)
            }
        }
    }

    func testLongFieldShortenedInError() {
        let longField = String(repeating: "a", count: 50)

        XCTAssertThrowsError(try parse(line(replacing: [2: longField]))) { error in
            XCTAssertEqual((error as? DigitsCSVError)?.problem, .notAnInteger(field: String(repeating: "a", count: 20) + "..."))
        }
    }

    func testErrorMessagesNameRowAndColumn() {
        let notAnInteger = DigitsCSVError(row: 12, column: 3, problem: .notAnInteger(field: "x"))
        XCTAssertEqual(
            notAnInteger.description,
            "Digits CSV row 12, column 3: \"x\" is not a decimal integer. "
                + "Each row must contain 64 pixel values 0...16 and then a label 0...9, separated by commas"
        )

        let label = DigitsCSVError(row: 4, column: 65, problem: .labelOutOfRange(field: "10"))
        XCTAssertEqual(label.description, "Digits CSV row 4, column 65: label 10 is outside 0...9")
    }
}
