import OpOpTrace
import XCTest

/// Seeded fuzzing: the decoder must return or throw on any input, never crash, and
/// anything it accepts must survive another encode and decode unchanged.
final class TraceDecoderFuzzTests: XCTestCase {
    func testRandomBytes() {
        var random = TestRandom(seed: 1)
        var outcomes = Outcomes()

        for _ in 0..<3000 {
            let length = Int.random(in: 0...200, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            outcomes.add(decodeAndCheck(bytes))
        }

        XCTAssertEqual(outcomes.total, 3000)
        XCTAssertGreaterThan(outcomes.errors, 2900, "random bytes should almost never form a record")
    }

    func testRandomJSONishText() {
        var random = TestRandom(seed: 2)
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtruefalsn"#.utf8) + [0x75, 0xC3, 0xBC, 0x0A, 0x09]
        var outcomes = Outcomes()

        for _ in 0..<3000 {
            let length = Int.random(in: 0...120, using: &random)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            outcomes.add(decodeAndCheck(bytes))
        }

        XCTAssertEqual(outcomes.total, 3000)
    }

    func testMutatedValidLines() {
        var random = TestRandom(seed: 3)
        let seeds = SampleRecords.all.map { Array(TraceEncoder.encode($0).utf8) }
        let tokens: [[UInt8]] = [
            Array(#"""#.utf8), Array(#"\"#.utf8), Array("\\u".utf8), Array("\\ud800".utf8), Array("{".utf8),
            Array("[".utf8), Array("}".utf8), Array("]".utf8), Array(",".utf8), Array(":".utf8), Array("-".utf8),
            Array("e999".utf8), Array("null".utf8), Array(#""NaN""#.utf8), Array("0".utf8), [0xFF], [0xC0, 0xAF], [0x00],
            Array(#""type":"step""#.utf8), Array(#""version":9"#.utf8), Array(String(repeating: "[", count: 40).utf8),
        ]
        var outcomes = Outcomes()

        for _ in 0..<4000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                mutate(&bytes, tokens: tokens, random: &random)
            }
            outcomes.add(decodeAndCheck(bytes))
        }

        XCTAssertEqual(outcomes.total, 4000)
        XCTAssertGreaterThan(outcomes.records, 0, "some mutations (inside strings, digits) should still decode")
        XCTAssertGreaterThan(outcomes.errors, 0)
    }

    private struct Outcomes {
        var records = 0
        var skipped = 0
        var errors = 0

        var total: Int { records + skipped + errors }

        mutating func add(_ outcome: Outcome) {
            switch outcome {
            case .record: records += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
        }
    }

    private enum Outcome {
        case record, skipped, error
    }

    private func decodeAndCheck(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Outcome {
        let decoded: TraceRecord?
        do {
            decoded = try bytes.withUnsafeBufferPointer { try TraceDecoder.decode(line: $0, lineNumber: 1) }
        } catch let error as TraceDecodingError {
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
            return .error
        } catch {
            XCTFail("unexpected error type \(type(of: error)): \(error)", file: file, line: line)
            return .error
        }

        guard let decoded else {
            return .skipped
        }
        let reencoded = TraceEncoder.encode(decoded)
        assertSameRecord(try? TraceDecoder.decode(line: reencoded), decoded, file: file, line: line)
        return .record
    }

    private func mutate(_ bytes: inout [UInt8], tokens: [[UInt8]], random: inout TestRandom) {
        guard !bytes.isEmpty else {
            bytes = tokens[Int.random(in: 0..<tokens.count, using: &random)]
            return
        }
        let position = Int.random(in: 0..<bytes.count, using: &random)

        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1:
            bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 2:
            bytes.remove(at: position)
        case 3:
            bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: position)
        case 4:
            bytes.removeSubrange(position...)
        default:
            let end = min(bytes.count, position + Int.random(in: 1...20, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        }
    }
}
