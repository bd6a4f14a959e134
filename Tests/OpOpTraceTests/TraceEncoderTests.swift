import OpOpTrace
import XCTest

final class TraceEncoderTests: XCTestCase {
    func testHeaderGoldenLine() {
        let line = TraceEncoder.encode(.header(SampleRecords.header))

        XCTAssertEqual(
            line,
            #"{"type":"header","format":"opop-trace","version":1,"run":"20250114-093012-digits","workload":"digits","#
                + #""groups":["layer1.weight","layer1.bias","","Gewichte über 🧠"],"optimizer":"adam","#
                + #""optimizer_settings":{"beta1":0.9,"beta2":0.999,"lr":0.001},"#
                + #""brain_settings":{"exploration_std":0.1,"update_interval":20.0},"start_time":1736847012.25}"#
        )
    }

    func testStepGoldenLine() {
        let step = StepRecord(
            step: 120, wallTime: 1_736_847_013.5, loss: 0.4321, reward: 0.0123, baseline: -0.0045,
            groups: [
                GroupStep(scale: 1.0, clip: 0.5, dampen: 0.0, gradientNorm: 1e-05),
                GroupStep(scale: 2.5, clip: 5.0, dampen: 1.0, gradientNorm: .infinity),
            ]
        )

        XCTAssertEqual(
            TraceEncoder.encode(.step(step)),
            #"{"type":"step","step":120,"time":1736847013.5,"loss":0.4321,"reward":0.0123,"baseline":-0.0045,"#
                + #""groups":[{"scale":1.0,"clip":0.5,"dampen":0.0,"grad_norm":1e-05},"#
                + #"{"scale":2.5,"clip":5.0,"dampen":1.0,"grad_norm":"Infinity"}]}"#
        )
    }

    func testStepWithoutOptionalsOmitsThem() {
        let step = StepRecord(step: 0, wallTime: 0, loss: .nan, reward: nil, baseline: nil, groups: [])

        XCTAssertEqual(TraceEncoder.encode(.step(step)), #"{"type":"step","step":0,"time":0.0,"loss":"NaN","groups":[]}"#)
    }

    func testGroupWithoutGradientNormOmitsIt() throws {
        let group = GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: nil)
        let step = StepRecord(step: 3, wallTime: 0, loss: 1, reward: nil, baseline: nil, groups: [group])

        let line = TraceEncoder.encode(.step(step))

        XCTAssertEqual(line, #"{"type":"step","step":3,"time":0.0,"loss":1.0,"groups":[{"scale":1.0,"clip":1.0,"dampen":0.0}]}"#)
        XCTAssertEqual(try TraceDecoder.decode(line: line), .step(step))
    }

    func testEvaluationGoldenLineKeepsMetricOrder() {
        let evaluation = EvaluationRecord(
            step: 500, wallTime: 1_736_847_020.5,
            metrics: [Metric(name: "loss", value: 0.11), Metric(name: "accuracy", value: 0.97)]
        )

        XCTAssertEqual(
            TraceEncoder.encode(.evaluation(evaluation)),
            #"{"type":"eval","step":500,"time":1736847020.5,"metrics":{"loss":0.11,"accuracy":0.97}}"#
        )
    }

    func testEventGoldenLines() {
        XCTAssertEqual(
            TraceEncoder.encode(.event(SampleRecords.snapshotEvent)),
            #"{"type":"event","step":120,"time":1736847013.0,"kind":"snapshot","#
                + #""path":"runs/x/snapshots/step-000120.npz","message":"snapshot saved to runs/x/snapshots/step-000120.npz"}"#
        )

        let update = EventRecord(step: 40, wallTime: 2.5, kind: .brainUpdate, group: "head", message: "")
        XCTAssertEqual(
            TraceEncoder.encode(.event(update)),
            #"{"type":"event","step":40,"time":2.5,"kind":"brain_update","group":"head","message":""}"#
        )
    }

    func testStringEscaping() {
        let cases: [(name: String, text: String, encoded: String)] = [
            ("plain", "abc", #""abc""#),
            ("quote", "say \"hi\"", #""say \"hi\"""#),
            ("backslash", #"C:\runs\x"#, #""C:\\runs\\x""#),
            ("newline and tab", "a\nb\tc\r", #""a\u000ab\u0009c\u000d""#),
            ("other controls", "\u{0}\u{1}\u{8}\u{c}\u{1f}", #""\u0000\u0001\u0008\u000c\u001f""#),
            ("delete passes", "\u{7f}", "\"\u{7f}\""),
            ("non-ASCII passes", "über 🧠 \u{2028}", "\"über 🧠 \u{2028}\""),
            ("slash passes", "a/b", #""a/b""#),
            ("empty", "", #""""#),
        ]

        for testCase in cases {
            let event = EventRecord(step: 1, wallTime: 1, kind: .note, message: testCase.text)
            let line = TraceEncoder.encode(.event(event))
            XCTAssertEqual(
                line, #"{"type":"event","step":1,"time":1.0,"kind":"note","message":"# + testCase.encoded + "}",
                testCase.name
            )
        }
    }

    func testNumberForms() {
        let cases: [(value: Double, encoded: String)] = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-3.0, "-3.0"),
            (0.1, "0.1"),
            (1e-05, "1e-05"),
            (123_456.789, "123456.789"),
            (999_999_999_999_999.0, "999999999999999.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (.leastNonzeroMagnitude, "5e-324"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (-.greatestFiniteMagnitude, "-1.7976931348623157e+308"),
            (.nan, #""NaN""#),
            (.infinity, #""Infinity""#),
            (-.infinity, #""-Infinity""#),
        ]

        for testCase in cases {
            XCTAssertEqual(encodedNumber(testCase.value), testCase.encoded, "value \(testCase.value)")
        }
    }

    func testWholeNumbersMatchDescription() {
        var random = TestRandom(seed: 7)
        var values: [Double] = (-1000...1000).map(Double.init)
        for _ in 0..<2000 {
            values.append(Double(Int.random(in: -999_999_999_999_999...999_999_999_999_999, using: &random)))
        }

        for value in values {
            XCTAssertEqual(encodedNumber(value), value.description, "value \(value)")
        }
    }

    func testSettingsSortedByName() {
        var header = SampleRecords.header
        header.optimizerSettings = ["z": 1, "a": 2, "m": 3]
        header.brainSettings = [:]

        let line = TraceEncoder.encode(.header(header))

        XCTAssertTrue(line.contains(#""optimizer_settings":{"a":2.0,"m":3.0,"z":1.0}"#), line)
        XCTAssertTrue(line.contains(#""brain_settings":{}"#), line)
    }

    func testAppendAddsToExistingBytes() {
        var bytes = Array("prefix|".utf8)

        TraceEncoder.append(.event(SampleRecords.snapshotEvent), to: &bytes)

        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(text, "prefix|" + TraceEncoder.encode(.event(SampleRecords.snapshotEvent)))
    }

    func testLinesContainNoNewline() {
        for record in SampleRecords.all {
            XCTAssertFalse(TraceEncoder.encode(record).contains("\n"), "\(record)")
        }
    }

    /// Returns the text a Double encodes to, cut out of an evaluation record's metrics.
    private func encodedNumber(_ value: Double) -> String {
        let line = TraceEncoder.encode(.evaluation(EvaluationRecord(step: 0, wallTime: 0, metrics: [Metric(name: "x", value: value)])))
        let prefix = #"{"type":"eval","step":0,"time":0.0,"metrics":{"x":"#
        guard line.hasPrefix(prefix), line.hasSuffix("}}") else {
            return "unexpected line: " + line
        }
        return String(line.dropFirst(prefix.count).dropLast(2))
    }
}
