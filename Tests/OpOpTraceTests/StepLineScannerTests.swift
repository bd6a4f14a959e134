@testable import OpOpTrace
import XCTest

/// The direct step-line scanner against the generic decoder: on every line, valid or
/// not, `TraceDecoder.decode` must return the same record as `decodeWithJSONParser`,
/// with bit-identical Doubles, or throw the same error.
final class StepLineScannerTests: XCTestCase {
    func testWriterLinesTakeDirectPath() {
        var generator = StepLineGenerator(seed: 11)
        var checker = EquivalenceChecker()

        for index in 0..<1500 {
            let line = generator.line(groups: index % 49, writerForm: true)
            checker.check(line)
        }

        XCTAssertEqual(checker.checked, 1500)
        XCTAssertEqual(checker.scanned, 1500, "every line in the writer's form should decode without falling back")
    }

    func testEncodedRecordsTakeDirectPath() {
        for record in TraceBenchmarkTests.stepRecords(count: 200, groups: 8) + SampleRecords.all {
            let line = TraceEncoder.encode(record)
            var checker = EquivalenceChecker()

            checker.check(line)

            if case .step = record {
                XCTAssertEqual(checker.scanned, 1, line)
            } else {
                XCTAssertEqual(checker.scanned, 0, line)
            }
        }
    }

    func testVariedLinesMatchGenericDecoder() {
        var generator = StepLineGenerator(seed: 12)
        var checker = EquivalenceChecker()

        for index in 0..<3000 {
            checker.check(generator.line(groups: index % 13, writerForm: false))
        }

        XCTAssertEqual(checker.checked, 3000)
        XCTAssertEqual(checker.failures, 0)
        XCTAssertGreaterThan(checker.scanned, 800, "most varied lines should still decode directly")
        XCTAssertGreaterThan(checker.fellBack, 100, "some varied lines should need the generic decoder")
    }

    func testMutatedLinesMatchGenericDecoder() {
        var generator = StepLineGenerator(seed: 13)
        var random = TestRandom(seed: 14)
        var checker = EquivalenceChecker()

        for index in 0..<6000 {
            var bytes = Array(generator.line(groups: index % 5, writerForm: index % 2 == 0).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                Self.mutate(&bytes, random: &random)
            }
            checker.check(bytes)
        }

        XCTAssertEqual(checker.checked, 6000)
        XCTAssertEqual(checker.failures, 0)
        XCTAssertGreaterThan(checker.records, 500, "some mutations should still decode")
        XCTAssertGreaterThan(checker.errors, 1000, "most mutations should break the line")
    }

    func testHandWrittenLinesMatchGenericDecoder() {
        var checker = EquivalenceChecker()

        for line in Self.handWrittenLines {
            checker.check(line)
        }

        XCTAssertEqual(checker.failures, 0)
        XCTAssertGreaterThan(checker.scanned, 15, "the valid step lines should decode directly")
    }

    func testNumberSpellingsMatchGenericDecoder() {
        var checker = EquivalenceChecker()

        for number in Self.numberSpellings {
            checker.check(#"{"type":"step","step":1,"time":0,"loss":\#(number),"groups":[{"scale":\#(number),"clip":1,"dampen":0}]}"#)
            checker.check(#"{"type":"step","step":1,"time":0,"loss":0,"future":\#(number),"groups":[]}"#)
        }

        XCTAssertEqual(checker.failures, 0)
        XCTAssertGreaterThan(checker.scanned, Self.numberSpellings.count, "valid spellings should decode directly")
    }

    func testScannerFallsBackOnUnusualShapes() {
        let lines = [
            #"{"type":"step","step":1,"step":2,"time":0,"loss":1,"groups":[]}"#,
            #"{"typ\u0065":"step","step":1,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":120.0,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":"\u004eaN","groups":[]}"#,
            #"{"type":"eval","step":1,"time":0,"metrics":{}}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}"#,
        ]

        for line in lines {
            var bytes = Array(line.utf8)
            XCTAssertNil(bytes.withUnsafeBufferPointer { StepLineScanner.scan($0) }, line)
        }
    }

    func testNestingAtLimitAccepted() throws {
        // The record is depth 1, so fifteen more arrays reach the limit of 16.
        let line = #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":"#
            + String(repeating: "[", count: 15) + String(repeating: "]", count: 15) + "}"

        var bytes = Array(line.utf8)
        let record = bytes.withUnsafeBufferPointer { StepLineScanner.scan($0) }

        XCTAssertEqual(record?.step, 1)
        XCTAssertNotNil(try TraceDecoder.decodeWithJSONParser(line: bytes.withUnsafeBufferPointer { $0 }))
    }

    // MARK: Cases

    /// Lines of the decoder's own tests and other shapes near the edges of the grammar.
    private static let handWrittenLines: [String] = {
        let group = #"{"scale":1,"clip":1,"dampen":0,"grad_norm":0.5}"#
        let base = #"{"type":"step","step":3,"time":1.5,"loss":0.25,"groups":[\#(group)]}"#
        return [
            base,
            "",
            "   ",
            "[1,2]",
            #""step""#,
            #"{}"#,
            #"{"step":1}"#,
            #"{"type":null}"#,
            #"{"type":4}"#,
            #"{"type":"step""#,
            #"{"type":"step","step":1,"time":0,"groups":[]}"#,
            #"{"type":"step","step":"1","time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":1.5,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":-1,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":-0,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":01,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":1e30,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":9223372036854775807,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":9223372036854775808,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":999999999999999999,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":true,"groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":"inf","groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":null,"groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":{}}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[\#(group),2]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":1,"dampen":0,"grad_norm":0}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":[],"clip":1,"dampen":0,"grad_norm":0}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":1,"clip":1,"dampen":0,"grad_norm":null}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":1,"clip":1,"dampen":0,"grad_norm":"x"}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"scale":1,"clip":1,"dampen":0,"scale":2}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[,]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[\#(group),]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[]},"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[]} x"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[]}  "#,
            #" {"type" : "step" , "step" : 1 , "time" : 0 , "loss" : 1 , "groups" : [ ] } "#,
            "{\"type\":\"step\",\n\"step\":1,\r\"time\":0,\t\"loss\":1,\"groups\":[]}",
            #"{"extra":{"nested":[1,2]},"type":"step","step":3,"time":1.5,"loss":0.25,"future":"x","groups":[{"scale":1,"clip":1,"dampen":0,"grad_norm":0.5,"lr_factor":2}]}"#,
            #"{"groups":[\#(group)],"loss":0.25,"time":1.5,"step":3,"type":"step"}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"type":"step"}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"type":"eval"}"#,
            #"{"type":"Step","step":1,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"steps","step":1,"time":0,"loss":1,"groups":[]}"#,
            #"{"type":"histogram","step":3,"bins":[1,2,3]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"note":"caf\u00e9 \ud83e\udde0"}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"note":"\ud800"}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"note":"\x"}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"note":"\u12"}"#,
            "{\"type\":\"step\",\"step\":1,\"time\":0,\"loss\":1,\"groups\":[],\"note\":\"caf\u{00E9}\"}",
            "{\"type\":\"step\",\"step\":1,\"time\":0,\"loss\":1,\"groups\":[],\"note\":\"a\tb\"}",
            "{\"type\":\"step\",\"step\":1,\"time\":0,\"loss\":1,\"groups\":[],\"caf\u{00E9}\":1}",
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":tru}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":nul}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":falsey}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":{"a":1,}}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":{"a" 1}}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":{1:1}}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":[1 2]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":1e400}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":-}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":.5}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":+1}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[],"x":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"x":[[[[[[[[[[[[[1]]]]]]]]]]]]],"scale":1,"clip":1,"dampen":0}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"groups":[{"x":[[[[[[[[[[[[[[1]]]]]]]]]]]]]],"scale":1,"clip":1,"dampen":0}]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"reward":null,"baseline":null,"groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"reward":"NaN","baseline":"-Infinity","groups":[]}"#,
            #"{"type":"step","step":1,"time":0,"loss":1,"reward":[],"groups":[]}"#,
            #"{"type":"event","step":1,"time":2,"kind":"reset","group":null,"path":null,"message":"all groups"}"#,
            #"{"type":"eval","step":120.0,"time":2,"metrics":{}}"#,
            #"{"type":"header","format":"opop-trace","version":3,"renamed":"everything"}"#,
        ] + SampleRecords.all.map(TraceEncoder.encode)
    }()

    /// JSON spellings of numbers around the edges of the fast path: signs, zeros,
    /// exponent forms, 17 to 25 digits, halfway cases, subnormals, overflow and junk.
    private static let numberSpellings: [String] = [
        "0", "-0", "0.0", "-0.0", "0e0", "-0E-0", "0.000", "1", "-1", "10", "120", "0.1", "0.25", "-0.3",
        "1e-05", "1E+2", "1e2", "1.5e-7", "2.5E10", "1736847012.25", "1736847013.1234567",
        "0.43213456789012345", "0.00012345678901234567", "0.000000000000000000001234",
        "3.141592653589793", "2.718281828459045e-16", "9007199254740992", "9007199254740993",
        "9007199254740993.0", "18446744073709551615", "18446744073709551616", "99999999999999999999",
        "1.2345678901234567890123", "123456789012345678901234567890", "0.1000000000000000055511151231257827",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "5e-324", "2e-324", "1e-400",
        "1.7976931348623157e308", "1.7976931348623158e308", "1e308", "1e309", "1e400", "-1e400",
        "1e27", "1e28", "1e-27", "1e-28", "123456789e-30", "1e0000", "1e00001", "1e99999",
        "8.98846567431158e307", "1.0000000000000002", "0.30000000000000004", "5.551115123125783e-17",
        "01", "-01", "1.", ".5", "-", "--1", "+1", "1e", "1e+", "1.e5", "0x10", "1_000", "NaN", "Infinity",
        #""NaN""#, #""Infinity""#, #""-Infinity""#, #""nan""#, #""inf""#, #""\u004eaN""#, #"" NaN""#,
    ]

    // MARK: Mutation

    private static let tokens: [[UInt8]] = [
        Array(#"""#.utf8), Array(#"\"#.utf8), Array("\\u00e9".utf8), Array("\\ud800".utf8), Array("{".utf8),
        Array("[".utf8), Array("}".utf8), Array("]".utf8), Array(",".utf8), Array(":".utf8), Array("-".utf8),
        Array("e999".utf8), Array("E-5".utf8), Array(".0".utf8), Array("null".utf8), Array(#""NaN""#.utf8),
        Array("0".utf8), Array("9".utf8), Array(" ".utf8), [0xFF], [0xC3, 0xA9], [0xC0, 0xAF], [0x00], [0x09],
        Array(#""type":"step","#.utf8), Array(#""type":"eval","#.utf8), Array(#""step":7,"#.utf8),
        Array(#""loss":1,"#.utf8), Array(#""groups":[],"#.utf8), Array(#""x":{"y":[1,"z"]},"#.utf8),
        Array(#""grad_norm":null,"#.utf8), Array(String(repeating: "[", count: 20).utf8),
    ]

    /// Deletes, replaces or inserts bytes or tokens at a random position.
    private static func mutate(_ bytes: inout [UInt8], random: inout TestRandom) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        let token = tokens[Int.random(in: 0..<tokens.count, using: &random)]

        switch Int.random(in: 0..<5, using: &random) {
        case 0 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...4, using: &random))
            bytes.removeSubrange(position..<end)
        case 1 where !bytes.isEmpty:
            bytes[position] = UInt8.random(in: 0x20...0x7E, using: &random)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, position + token.count)
            bytes.replaceSubrange(position..<end, with: token)
        case 3 where !bytes.isEmpty:
            bytes[position] = bytes[position] &+ 1
        default:
            bytes.insert(contentsOf: token, at: position)
        }
    }
}

/// Decodes lines both ways and fails, naming the line, when the outcomes differ.
private struct EquivalenceChecker {
    private(set) var checked = 0
    /// Lines the direct scanner decoded on its own.
    private(set) var scanned = 0
    private(set) var fellBack = 0
    private(set) var records = 0
    private(set) var errors = 0
    private(set) var failures = 0

    mutating func check(_ line: String, file: StaticString = #filePath, line number: UInt = #line) {
        check(Array(line.utf8), file: file, line: number)
    }

    mutating func check(_ bytes: [UInt8], file: StaticString = #filePath, line number: UInt = #line) {
        checked += 1
        let text = String(decoding: bytes, as: UTF8.self)

        let (direct, scannedStep, generic) = bytes.withUnsafeBufferPointer { line in
            (
                Outcome { () throws(TraceDecodingError) in try TraceDecoder.decode(line: line, lineNumber: 5) },
                StepLineScanner.scan(line),
                Outcome { () throws(TraceDecodingError) in try TraceDecoder.decodeWithJSONParser(line: line, lineNumber: 5) }
            )
        }

        if let scannedStep {
            scanned += 1
            if Outcome.record(.step(scannedStep)) != generic {
                failures += 1
                XCTFail("the scanner decoded \(scannedStep), the generic decoder \(generic), from \(text)", file: file, line: number)
            }
        } else {
            fellBack += 1
        }

        if direct != generic {
            failures += 1
            XCTFail("decode returned \(direct), the generic decoder \(generic), from \(text)", file: file, line: number)
        }
        switch generic {
        case .record: records += 1
        case .error: errors += 1
        case .skipped: break
        }
    }

    /// What decoding a line produced, compared with Doubles as exact values: NaN equals
    /// NaN, and -0.0 differs from 0.0.
    enum Outcome: Equatable, CustomStringConvertible {
        case record(TraceRecord)
        case skipped
        case error(TraceDecodingError)

        init(_ decode: () throws(TraceDecodingError) -> TraceRecord?) {
            do {
                self = try decode().map(Outcome.record) ?? .skipped
            } catch {
                self = .error(error)
            }
        }

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            switch (lhs, rhs) {
            case (.record(let left), .record(let right)):
                return left.exactDescription == right.exactDescription
            case (.skipped, .skipped):
                return true
            case (.error(let left), .error(let right)):
                return left == right
            default:
                return false
            }
        }

        var description: String {
            switch self {
            case .record(let record): return "record \(record.exactDescription)"
            case .skipped: return "nil"
            case .error(let error): return "error '\(error)'"
            }
        }
    }
}

private extension TraceRecord {
    /// The record with each Double as its bit pattern, so equal text means equal bits.
    var exactDescription: String {
        func bits(_ value: Double?) -> String {
            value.map { $0.isNaN ? "nan" : String($0.bitPattern, radix: 16) } ?? "nil"
        }
        func sorted(_ settings: [String: Double]) -> String {
            settings.sorted { $0.key < $1.key }.map { "\($0.key)=\(bits($0.value))" }.joined(separator: ",")
        }

        switch self {
        case .header(let header):
            var plain = header
            plain.optimizerSettings = [:]
            plain.brainSettings = [:]
            return "\(plain) optimizer_settings \(sorted(header.optimizerSettings)) brain_settings \(sorted(header.brainSettings))"
        case .evaluation, .event:
            return String(reflecting: self)
        case .step(let step):
            let groups = step.groups.map { group in
                [group.scale, group.clip, group.dampen].map(bits).joined(separator: ",") + "," + bits(group.gradientNorm)
            }
            return "step \(step.step) time \(bits(step.wallTime)) loss \(bits(step.loss)) reward \(bits(step.reward)) "
                + "baseline \(bits(step.baseline)) groups [\(groups.joined(separator: "; "))]"
        }
    }
}
