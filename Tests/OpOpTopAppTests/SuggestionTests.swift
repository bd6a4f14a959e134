@testable import OpOpTopApp
import XCTest

final class SuggestionTests: XCTestCase {
    func testEditDistances() {
        let cases: [(a: String, b: String, distance: Int)] = [
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("digits", "digits", 0),
            ("digts", "digits", 1),
            ("digitss", "digits", 1),
            ("difits", "digits", 1),
            ("sdg", "sgd", 1),
            ("adma", "adam", 1),
            ("kitten", "sitting", 3),
            ("ca", "abc", 3),
        ]
        for testCase in cases {
            XCTAssertEqual(
                Suggestion.editDistance(Array(testCase.a), Array(testCase.b)),
                testCase.distance,
                "'\(testCase.a)' to '\(testCase.b)'"
            )
        }
    }

    func testClosestCandidates() {
        let optimizers = ["sgd", "momentum", "adam", "adamw"]
        let cases: [(word: String, expected: String?)] = [
            ("adm", "adam"),
            ("ADAM", "adam"),
            ("adamW", "adamw"),
            ("mom", "momentum"),
            ("momentun", "momentum"),
            ("sdg", "sgd"),
            ("s", nil),
            ("rmsprop", nil),
            ("", nil),
            ("xyz", nil),
        ]
        for testCase in cases {
            XCTAssertEqual(Suggestion.closest(to: testCase.word, among: optimizers), testCase.expected, "'\(testCase.word)'")
        }
    }

    func testShortNamesNeedCloseMatch() {
        XCTAssertNil(Suggestion.closest(to: "xy", among: ["lr"]))
        XCTAssertEqual(Suggestion.closest(to: "lrr", among: ["lr", "steps"]), "lr")
    }

    func testHintFormatting() {
        XCTAssertEqual(Suggestion.hint(for: "digts", among: ["digits"]), "; did you mean 'digits'?")
        XCTAssertEqual(Suggestion.hint(for: "zzz", among: ["digits"]), "")
    }
}
