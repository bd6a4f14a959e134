@testable import OpOpTrace
import XCTest

final class OpopLogParserTests: XCTestCase {
    private func parse(_ text: String) -> OpopLogLine {
        Array(text.utf8).withUnsafeBufferPointer { OpopLogParser.parse($0) }
    }

    private func progress(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> OpopProgress? {
        guard case .progress(let progress) = parse(text) else {
            XCTFail("not a progress line: \(parse(text))", file: file, line: line)
            return nil
        }
        return progress
    }

    func testProgressLineWithBrain() throws {
        let line = "[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.34x/2.5u r=0.007 ~1000s remaining"
        let parsed = try XCTUnwrap(progress(line))

        XCTAssertEqual(parsed.step, 120)
        XCTAssertEqual(parsed.totalSteps, 50000)
        XCTAssertEqual(parsed.loss, 6.65)
        XCTAssertEqual(parsed.reward, 0.007)
        XCTAssertEqual(parsed.groups, [
            OpopGroupDecision(group: "proj", scale: 0.34, urgency: 2.7),
            OpopGroupDecision(group: "mlp", scale: 0.34, urgency: 2.5),
        ])
    }

    func testProgressLineWithOtherSections() throws {
        let line = "[10/219726] 0% loss=6.6654 (ce=6.6654) adv_mse=0.0027 acc=0.157 | sophia: 12.5%clip gnorm=0.3 maxu=0.01"
            + " | resonance: gnorm=1.5 | brain: p=1.5x/0.1u m=10x/3u r=-0.25 ~1055469s remaining"
        let parsed = try XCTUnwrap(progress(line))

        XCTAssertEqual(parsed.loss, 6.6654)
        XCTAssertEqual(parsed.reward, -0.25)
        XCTAssertEqual(parsed.groups.map(\.scale), [1.5, 10])
    }

    func testProgressLineWithoutBrain() throws {
        let parsed = try XCTUnwrap(progress("[3/10] 30% loss=2.5 acc=0.1 ~7s remaining"))

        XCTAssertEqual(parsed.loss, 2.5)
        XCTAssertNil(parsed.reward)
        XCTAssertEqual(parsed.groups, [])
    }

    func testProgressLineAfterPrefix() throws {
        let parsed = try XCTUnwrap(progress("2025-01-14 09:30:12 [train] [7/100] 7% loss=1 acc=0"))

        XCTAssertEqual(parsed.step, 7)
    }

    func testNumberForms() {
        let cases: [(text: String, expected: Double)] = [
            ("1e-5", 1e-5), ("-3", -3), ("+1.5E+3", 1500), (".5", 0.5), ("5.", 5),
            ("inf", .infinity), ("-inf", -.infinity), ("+inf", .infinity), ("Infinity", .infinity),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(OpopLogNumber.parse(text), expected, text)
        }
        XCTAssertEqual(OpopLogNumber.parse("nan")?.isNaN, true)
        XCTAssertEqual(OpopLogNumber.parse("-NaN")?.isNaN, true)

        for invalid in ["", "+", "-", ".", "e5", "1e", "1e+", "0x1p3", "1_000", "1.2.3", "--1", " 1", "1 ", "nanx"] {
            XCTAssertNil(OpopLogNumber.parse(invalid), "'\(invalid)'")
        }
    }

    func testNonFiniteValuesInProgress() throws {
        let parsed = try XCTUnwrap(progress("[5/9] 50% loss=nan acc=0 | brain: p=infx/1u m=-infx/1e-5u r=inf ~1s remaining"))

        XCTAssertTrue(parsed.loss.isNaN)
        XCTAssertEqual(parsed.reward, .infinity)
        XCTAssertEqual(parsed.groups.map(\.scale), [.infinity, -.infinity])
        XCTAssertEqual(parsed.groups.last?.urgency, 1e-5)
    }

    func testCarriageReturnKeepsLastSegment() throws {
        let parsed = try XCTUnwrap(progress("[1/9] 1% loss=9 acc=0\r[2/9] 2% loss=8 acc=0\r\r"))

        XCTAssertEqual(parsed.step, 2)
        XCTAssertEqual(parsed.loss, 8)
    }

    func testColourSequencesRemoved() throws {
        let parsed = try XCTUnwrap(progress("\u{1B}[32m[4/9]\u{1B}[0m 4% loss=\u{1B}[1m0.5\u{1B}[0m acc=0"))

        XCTAssertEqual(parsed.step, 4)
        XCTAssertEqual(parsed.loss, 0.5)
    }

    func testEvaluationLine() {
        XCTAssertEqual(
            parse("[eval] top1=9.3% top5=20.9% (1024 tok)"),
            .evaluation([Metric(name: "top1", value: 9.3 / 100), Metric(name: "top5", value: 20.9 / 100)])
        )
    }

    func testCheckpointLine() {
        XCTAssertEqual(parse("[ckpt] Saved /data/run 1/ckpt.npz (2988.3 MB)"), .checkpoint(path: "/data/run 1/ckpt.npz"))
        XCTAssertEqual(parse("[ckpt] Saved ckpt.npz"), .checkpoint(path: "ckpt.npz"))
        XCTAssertEqual(parse("[ckpt] Loading ckpt.npz"), .other)
    }

    func testControlLine() {
        let expected = OpopControlChange(text: "lr: 0.001 -> 0.0001", setting: "lr", oldValue: "0.001", newValue: "0.0001")
        XCTAssertEqual(parse("[ctrl] lr: 0.001 -> 0.0001"), .control(expected))
        XCTAssertEqual(expected.message, "lr changed from 0.001 to 0.0001")

        guard case .control(let free) = parse("[ctrl] brain frozen") else {
            return XCTFail("not a control line")
        }
        XCTAssertEqual(free.message, "trainer control: brain frozen")
    }

    func testOtherLines() {
        for text in ["", "   ", "Optimizer: AdamW", "=== TRAIN ===", "[gen] \"a\" -> \"b\"", "[diag] w=1", "[x/y] loss=1"] {
            XCTAssertEqual(parse(text), .other, "'\(text)'")
        }
    }

    func testUnreadableLines() {
        let cases: [(text: String, reasonPart: String)] = [
            ("[1/9] 1% acc=0.5", "no 'loss=' field"),
            ("[1/9] 1% loss=abc acc=0", "invalid loss 'abc'"),
            ("[1/9] loss=1 | brain: p=0.3/1u r=0", "invalid brain decision 'p=0.3/1u'"),
            ("[1/9] loss=1 | brain: p=0.3x/1u r=zz", "invalid reward 'r=zz'"),
            ("[eval] top1=abc%", "invalid value 'top1=abc%'"),
            ("[eval] nothing here", "without any 'name=value' metric"),
            ("[ckpt] Saved (12 MB)", "without a file path"),
            ("[1/9] loss=1\u{0}", "control character U+0000"),
        ]
        for (text, reasonPart) in cases {
            guard case .unreadable(let reason) = parse(text) else {
                XCTFail("'\(text)' parsed as \(parse(text))")
                continue
            }
            XCTAssertTrue(reason.contains(reasonPart), "'\(text)': \(reason)")
        }
    }

    func testInvalidUTF8IsUnreadable() {
        let bytes: [UInt8] = Array("[1/9] loss=".utf8) + [0xFF, 0xFE]
        let parsed = bytes.withUnsafeBufferPointer { OpopLogParser.parse($0) }

        XCTAssertEqual(parsed, .unreadable(reason: "the line is not UTF-8 text"))
    }
}
