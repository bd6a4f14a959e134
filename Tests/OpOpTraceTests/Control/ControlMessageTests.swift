import OpOpTrace
import XCTest

final class ControlMessageTests: XCTestCase {
    func testRequestRoundTrip() throws {
        let requests: [ControlRequest] = [
            ControlRequest(command: .ping),
            ControlRequest(command: .freeze, id: .number(7)),
            ControlRequest(command: .unfreeze, id: .text("a\"b\n")),
            ControlRequest(command: .reset(group: "layer1.weight"), id: .number(-3)),
            ControlRequest(command: .reset(group: "ünïcode \\ group")),
            ControlRequest(command: .resetAll),
            ControlRequest(command: .snapshot, id: .text("")),
        ]
        for request in requests {
            var line = request.encodedLine()
            XCTAssertEqual(line.last, UInt8(ascii: "\n"), "\(request)")
            line.removeLast()
            XCTAssertEqual(try ControlRequest.decode(line: String(decoding: line, as: UTF8.self)), request)
        }
    }

    func testRequestEncodingText() {
        let line = ControlRequest(command: .reset(group: "layer1.weight"), id: .number(7)).encodedLine()
        XCTAssertEqual(String(decoding: line, as: UTF8.self), "{\"command\":\"reset\",\"group\":\"layer1.weight\",\"id\":7}\n")
    }

    func testRequestIgnoresUnknownFields() throws {
        let request = try ControlRequest.decode(line: "{\"extra\":[1,2],\"command\":\"reset_all\",\"id\":null}")
        XCTAssertEqual(request, ControlRequest(command: .resetAll))
    }

    func testRequestRejections() {
        let commands = "ping, freeze, unfreeze, reset, reset_all, snapshot"
        let cases: [(name: String, line: String, expected: ControlRequestError)] = [
            ("not JSON", "hello", ControlRequestError(
                reason: "invalid request: expected a JSON object with a \"command\" field, got 'hello'")),
            ("array", "[1]", ControlRequestError(
                reason: "invalid request: expected a JSON object with a \"command\" field, got '[1]'")),
            ("command not a string", "{\"command\":5,\"id\":1}", ControlRequestError(
                id: .number(1), reason: "invalid request: expected a JSON object with a \"command\" field, got '{\"command\":5,\"id\":1}'")),
            ("unknown command", "{\"command\":\"fly\",\"id\":\"x\"}", ControlRequestError(
                id: .text("x"), reason: "unknown command 'fly' (commands: \(commands))")),
            ("reset without group", "{\"command\":\"reset\"}", ControlRequestError(
                command: "reset",
                reason: "the reset command needs a \"group\" string naming the group to reset, such as {\"command\":\"reset\",\"group\":\"layer1.weight\"}")),
            ("fractional id", "{\"command\":\"ping\",\"id\":1.5}", ControlRequestError(
                reason: "invalid request: \"id\" must be an integer or a string, got 1.5")),
            ("boolean id", "{\"command\":\"ping\",\"id\":true}", ControlRequestError(
                reason: "invalid request: \"id\" must be an integer or a string, got true")),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ControlRequest.decode(line: testCase.line), testCase.name) { error in
                XCTAssertEqual(error as? ControlRequestError, testCase.expected, testCase.name)
            }
        }
    }

    func testLongBadLineIsShortenedInError() {
        let line = String(repeating: "x", count: 500)
        XCTAssertThrowsError(try ControlRequest.decode(line: line)) { error in
            let reason = (error as? ControlRequestError)?.reason ?? ""
            XCTAssertTrue(reason.hasSuffix("...'"), reason)
            XCTAssertLessThan(reason.count, 200, reason)
        }
    }

    func testReplyRoundTrip() throws {
        let replies: [ControlReply] = [
            ControlReply(ok: true, command: "ping", step: 1200, message: "training at step 1200", version: 1, run: "r", pid: 42, frozen: false),
            ControlReply(ok: true, id: .number(7), command: "reset", step: 1201, message: "group a reset"),
            ControlReply(ok: true, id: .text("s"), command: "snapshot", step: 3, message: "saved", path: "runs/x/snapshots/step-000003.npz"),
            ControlReply(ok: false, command: "reset", error: "unknown group 'layer9'"),
            ControlReply(ok: false, error: "invalid request"),
        ]
        for reply in replies {
            var line = reply.encodedLine()
            XCTAssertEqual(line.last, UInt8(ascii: "\n"))
            line.removeLast()
            XCTAssertEqual(try ControlReply.decode(line: String(decoding: line, as: UTF8.self)), reply)
        }
    }

    func testReplyEncodingMatchesSpecExample() {
        let reply = ControlReply(ok: true, command: "ping", step: 1200, message: "training at step 1200", version: 1, run: "20250114-093012-digits", pid: 4242, frozen: false)
        XCTAssertEqual(
            String(decoding: reply.encodedLine(), as: UTF8.self),
            "{\"ok\":true,\"command\":\"ping\",\"step\":1200,\"message\":\"training at step 1200\",\"version\":1,\"run\":\"20250114-093012-digits\",\"pid\":4242,\"frozen\":false}\n"
        )
    }

    func testReplyAcceptsNullUnknownAndWholeFloat() throws {
        let reply = try ControlReply.decode(line: "{\"ok\":true,\"step\":12.0,\"path\":null,\"new_field\":{\"a\":1}}")
        XCTAssertEqual(reply, ControlReply(ok: true, step: 12))
    }

    func testReplyRejections() {
        let cases: [(line: String, expected: String)] = [
            ("nope", "the reply is not valid JSON"),
            ("[true]", "the reply is not a JSON object"),
            ("{\"command\":\"ping\"}", "the reply has no boolean \"ok\" field"),
            ("{\"ok\":false}", "the reply has \"ok\":false but no \"error\" string"),
            ("{\"ok\":true,\"step\":\"3\"}", "the reply's \"step\" must be an integer, got a string"),
            ("{\"ok\":true,\"step\":3.5}", "the reply's \"step\" must be an integer, got 3.5"),
            ("{\"ok\":true,\"frozen\":1}", "the reply's \"frozen\" must be a boolean, got a number"),
            ("{\"ok\":true,\"id\":[1]}", "the reply's \"id\" must be an integer or a string, got an array"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ControlReply.decode(line: testCase.line), testCase.line) { error in
                let reason = (error as? ControlReplyDecodingError)?.reason ?? "\(error)"
                XCTAssertTrue(reason.hasPrefix(testCase.expected), "\(testCase.line): \(reason)")
            }
        }
    }
}
