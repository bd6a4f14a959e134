import OpOpTrace
import XCTest

final class TraceDecoderTests: XCTestCase {
    private let stepLine = #"{"type":"step","step":3,"time":1.5,"loss":0.25,"groups":[{"scale":1,"clip":1,"dampen":0,"grad_norm":0.5}]}"#

    func testOtherWritersNumberFormsAccepted() throws {
        let record = try TraceDecoder.decode(line: stepLine)

        XCTAssertEqual(record, .step(StepRecord(
            step: 3, wallTime: 1.5, loss: 0.25, reward: nil, baseline: nil,
            groups: [GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: 0.5)]
        )))
    }

    func testWholeNumberStepWithFractionAccepted() throws {
        let line = #"{"type":"eval","step":120.0,"time":2,"metrics":{}}"#

        XCTAssertEqual(try TraceDecoder.decode(line: line), .evaluation(EvaluationRecord(step: 120, wallTime: 2, metrics: [])))
    }

    func testNullOptionalsReadAsNil() throws {
        let line = #"{"type":"event","step":1,"time":2,"kind":"reset","group":null,"path":null,"message":"all groups"}"#

        XCTAssertEqual(
            try TraceDecoder.decode(line: line),
            .event(EventRecord(step: 1, wallTime: 2, kind: .reset, group: nil, path: nil, message: "all groups"))
        )

        let step = #"{"type":"step","step":0,"time":0,"loss":1,"reward":null,"baseline":null,"groups":[]}"#
        XCTAssertEqual(
            try TraceDecoder.decode(line: step),
            .step(StepRecord(step: 0, wallTime: 0, loss: 1, reward: nil, baseline: nil, groups: []))
        )
    }

    func testUnknownFieldsIgnored() throws {
        let line = #"{"extra":{"nested":[1,2]},"type":"step","step":3,"time":1.5,"loss":0.25,"future":"x","#
            + #""groups":[{"scale":1,"clip":1,"dampen":0,"grad_norm":0.5,"lr_factor":2}]}"#

        XCTAssertEqual(try TraceDecoder.decode(line: line), try TraceDecoder.decode(line: stepLine))
    }

    func testUnknownRecordTypeSkipped() throws {
        XCTAssertNil(try TraceDecoder.decode(line: #"{"type":"histogram","step":3,"bins":[1,2,3]}"#))
    }

    func testUnknownEventKindSkipped() throws {
        XCTAssertNil(try TraceDecoder.decode(line: #"{"type":"event","step":3,"time":1,"kind":"checkpoint","message":"m"}"#))
    }

    func testOlderOrEqualVersionAccepted() throws {
        let line = TraceEncoder.encode(.header(SampleRecords.header))

        XCTAssertTrue(line.contains(#""version":1"#))
        XCTAssertEqual(try TraceDecoder.decode(line: line), .header(SampleRecords.header))
    }

    func testNewerVersionNamesBothVersions() {
        let line = TraceEncoder.encode(.header(SampleRecords.header)).replacingOccurrences(of: #""version":1"#, with: #""version":2"#)

        XCTAssertThrowsError(try TraceDecoder.decode(line: line, lineNumber: 1)) { error in
            let decodingError = error as? TraceDecodingError
            XCTAssertEqual(decodingError?.problem, .unsupportedVersion(found: 2, supported: 1))
            XCTAssertEqual(decodingError?.isFatal, true)
            XCTAssertEqual(
                decodingError?.description,
                "line 1: the trace format version is 2, newer than version 1 that this reader supports; read it with a newer opop-top"
            )
        }
    }

    func testNewerVersionRejectedBeforeOtherFields() {
        let line = #"{"type":"header","format":"opop-trace","version":3,"renamed":"everything"}"#

        XCTAssertThrowsError(try TraceDecoder.decode(line: line)) { error in
            XCTAssertEqual((error as? TraceDecodingError)?.problem, .unsupportedVersion(found: 3, supported: 1))
        }
    }

    func testInvalidLines() {
        let validGroup = #"{"scale":1,"clip":1,"dampen":0,"grad_norm":0.5}"#
        let cases: [(name: String, line: String, problem: TraceDecodingError.Problem)] = [
            ("empty line", "", .invalidJSON(JSONParseError(offset: 0, reason: .empty))),
            ("broken JSON", #"{"type":"step""#, .invalidJSON(JSONParseError(
                offset: 14, reason: .unexpectedEnd(expected: "',' or '}' after an object member")
            ))),
            ("array", "[1,2]", .notAnObject(found: "an array")),
            ("string", #""step""#, .notAnObject(found: "a string")),
            ("missing type", #"{"step":1}"#, .missingField("type")),
            ("null type", #"{"type":null}"#, .missingField("type")),
            ("numeric type", #"{"type":4}"#, .wrongType(field: "type", expected: "a string", found: "a number")),
            ("step missing loss", #"{"type":"step","step":1,"time":0,"groups":[]}"#, .missingField("loss")),
            ("step as string", #"{"type":"step","step":"1","time":0,"loss":1,"groups":[]}"#,
             .wrongType(field: "step", expected: "an integer", found: "a string")),
            ("fractional step", #"{"type":"step","step":1.5,"time":0,"loss":1,"groups":[]}"#,
             .invalidValue(field: "step", value: "1.5", expected: "an integer")),
            ("negative step", #"{"type":"step","step":-1,"time":0,"loss":1,"groups":[]}"#,
             .invalidValue(field: "step", value: "-1", expected: "a step number of 0 or more")),
            ("step too large", #"{"type":"step","step":1e30,"time":0,"loss":1,"groups":[]}"#,
             .invalidValue(field: "step", value: "1e+30", expected: "an integer")),
            ("loss as bool", #"{"type":"step","step":1,"time":0,"loss":true,"groups":[]}"#,
             .wrongType(field: "loss", expected: Self.numberExpectation, found: "true")),
            ("loss as other string", #"{"type":"step","step":1,"time":0,"loss":"inf","groups":[]}"#,
             .invalidValue(field: "loss", value: "the string \"inf\"", expected: Self.numberExpectation)),
            ("groups as object", #"{"type":"step","step":1,"time":0,"loss":1,"groups":{}}"#,
             .wrongType(field: "groups", expected: "an array", found: "an object")),
            ("group as number", #"{"type":"step","step":1,"time":0,"loss":1,"groups":[\#(validGroup),2]}"#,
             .wrongType(field: "groups[1]", expected: "an object", found: "a number")),
            ("group missing clip", #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":1,"dampen":0,"grad_norm":0}]}"#,
             .missingField("groups[0].clip")),
            ("group scale as array", #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":[],"clip":1,"dampen":0,"grad_norm":0}]}"#,
             .wrongType(field: "groups[0].scale", expected: Self.numberExpectation, found: "an array")),
            ("metrics as array", #"{"type":"eval","step":1,"time":0,"metrics":[]}"#,
             .wrongType(field: "metrics", expected: "an object", found: "an array")),
            ("metric as string", #"{"type":"eval","step":1,"time":0,"metrics":{"acc":"high"}}"#,
             .invalidValue(field: "metrics.acc", value: "the string \"high\"", expected: Self.numberExpectation)),
            ("event missing message", #"{"type":"event","step":1,"time":0,"kind":"note"}"#, .missingField("message")),
            ("event group as number", #"{"type":"event","step":1,"time":0,"kind":"reset","group":3,"message":""}"#,
             .wrongType(field: "group", expected: "a string or null", found: "a number")),
            ("header of other format", #"{"type":"header","format":"other-trace","version":1}"#, .notATrace(format: "other-trace")),
            ("header version zero", #"{"type":"header","format":"opop-trace","version":0}"#,
             .invalidValue(field: "version", value: "0", expected: "a version of 1 or more")),
            ("header version as string", #"{"type":"header","format":"opop-trace","version":"1"}"#,
             .wrongType(field: "version", expected: "an integer", found: "a string")),
            ("header group as number", #"{"type":"header","format":"opop-trace","version":1,"groups":["a",2]}"#,
             .wrongType(field: "groups[1]", expected: "a string", found: "a number")),
            ("header setting as null", TraceEncoder.encode(.header(SampleRecords.header))
                .replacingOccurrences(of: #""lr":0.001"#, with: #""lr":null"#),
             .wrongType(field: "optimizer_settings.lr", expected: Self.numberExpectation, found: "null")),
            ("header missing start time", TraceEncoder.encode(.header(SampleRecords.header))
                .replacingOccurrences(of: #","start_time":1736847012.25"#, with: ""),
             .missingField("start_time")),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try TraceDecoder.decode(line: testCase.line, lineNumber: 12), testCase.name) { error in
                XCTAssertEqual(error as? TraceDecodingError, TraceDecodingError(lineNumber: 12, problem: testCase.problem), testCase.name)
            }
        }
    }

    func testOverlongLineRejected() {
        let padding = String(repeating: " ", count: TraceDecoder.maxLineBytes)

        XCTAssertThrowsError(try TraceDecoder.decode(line: stepLine + padding, lineNumber: 4)) { error in
            XCTAssertEqual(
                (error as? TraceDecodingError)?.problem,
                .lineTooLong(byteCount: stepLine.utf8.count + TraceDecoder.maxLineBytes, limit: TraceDecoder.maxLineBytes)
            )
        }
    }

    func testErrorDescriptionsNameLineAndField() {
        let cases: [(error: TraceDecodingError, text: String)] = [
            (TraceDecodingError(lineNumber: 7, problem: .wrongType(field: "groups[1].scale", expected: "a number", found: "a string")),
             "line 7: field 'groups[1].scale' must be a number, found a string"),
            (TraceDecodingError(lineNumber: nil, problem: .missingField("loss")),
             "missing required field 'loss'"),
            (TraceDecodingError(lineNumber: 2, problem: .notATrace(format: "x")),
             "line 2: the header's format is 'x', not 'opop-trace'; this file is not an opop-top trace"),
            (TraceDecodingError(lineNumber: 3, problem: .invalidJSON(JSONParseError(offset: 0, reason: .empty))),
             "line 3: invalid JSON at byte 0: the text is empty"),
        ]

        for testCase in cases {
            XCTAssertEqual(testCase.error.description, testCase.text)
        }
    }

    private static let numberExpectation = #"a number or one of the strings "NaN", "Infinity", "-Infinity""#
}
