@testable import OpOpTrace
import XCTest

/// Compares the byte parser with the String parser it replaced, on seeded valid and
/// mutated lines. Both must return the same line, with NaN equal to NaN.
final class OpopLogParserEquivalenceTests: XCTestCase {
    static let sampleLines: [String] = [
        "[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.34x/2.5u r=0.007 ~1000s remaining",
        "[10/219726] 0% loss=6.6654 (ce=6.6654) adv_mse=0.0027 acc=0.157 | sophia: 12.5%clip gnorm=0.3 maxu=0.01"
            + " | resonance: gnorm=1.5 | brain: p=1.5x/0.1u m=10x/3u r=-0.25 ~1055469s remaining",
        "[3/10] 30% loss=nan acc=0.1 | brain: p=infx/1e-5u m=-1E+3x/.5u r=-inf ~7s remaining",
        "2025-01-14 09:30:12 [train] [7/100] 7% loss=1 acc=0 | main: loss=2 | brain: proj=1x/1u p=2x/2u",
        "\u{1B}[32m[4/9]\u{1B}[0m 4% loss=\u{1B}[1m0.5\u{1B}[0m acc=0\tr=1",
        "[eval] top1=9.3% top5=20.9% (1024 tok)",
        "[ckpt] Saved /data/run 1/ckpt.npz (2988.3 MB)",
        "[ckpt] Saved (12 MB)",
        "[ckpt] Loading ckpt.npz",
        "[ctrl] lr: 0.001 -> 0.0001",
        "[ctrl] brain frozen",
        "[gen] [ttc pos=80 depth=0] \"The meaning\" -> \"of it\"",
        "[1/9] loss=1 | brain: p=0.3/1u r=0",
        "[99999999999999999999/3] loss=1",
        "[5/5] loss=12345678901234567890.5e-3 | brain: q=1.7976931348623157e308x/4.9e-324u r=1e23",
        "Optimizer: AdamW",
        "[1/2] lo\u{301}ss=1 \u{E9}=2 loss=3",
        "",
    ]

    /// Bytes a mutation inserts: the separators and markers the parser looks for, and
    /// a few that make a line unreadable or non-ASCII.
    private static let insertions: [[UInt8]] = [
        "[", "]", "/", "=", " ", "\t", "|", ":", "(", ")", "%", "x", "u", "e", "-", "+", ".", "0", "9",
        "nan", "inf", "[eval]", "[ckpt]", "[ctrl]", " -> ", ": ", " MB)", "| brain:", "\u{1B}[", "\r", "\u{0}",
        "\u{301}", "\u{E9}",
    ].map { Array($0.utf8) } + [[0xFF], [0x1B]]

    func testParsersAgreeOnSampleLines() {
        for line in Self.sampleLines {
            assertParsersAgree(Array(line.utf8))
        }
    }

    func testParsersAgreeOnMutatedLines() {
        var random = TestRandom(seed: 29)
        var kinds: [String: Int] = [:]

        for _ in 0..<20_000 {
            var bytes = Array(Self.sampleLines.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                mutate(&bytes, random: &random)
            }
            let parsed = assertParsersAgree(bytes)
            kinds[Self.kind(of: parsed), default: 0] += 1
        }

        // The mutations must reach every outcome, or the comparison proves little.
        for kind in ["progress", "evaluation", "checkpoint", "control", "other", "unreadable"] {
            XCTAssertGreaterThan(kinds[kind, default: 0], 100, "too few mutated lines parsed as \(kind): \(kinds)")
        }
    }

    func testNumbersAgreeWithStringParser() {
        var random = TestRandom(seed: 31)
        var texts = ["0", "-0", "1e22", "1e23", "9007199254740993", "0.1", "123456789012345678", "1e-400", "1e400"]
        for _ in 0..<20_000 {
            let value = Double(bitPattern: random.next())
            let scaled = Double.random(in: -1e6...1e6, using: &random)
            texts.append("\(value)")
            texts.append("\(scaled)")
            texts.append(String(format: "%.*g", Int.random(in: 1...17, using: &random), scaled))
        }

        for text in texts {
            let bytes = Array(text.utf8)
            let fromBytes = bytes.withUnsafeBufferPointer { OpopLogNumber.parse(bytes: $0[...]) }
            let fromText = OpopLogNumber.parse(text)
            XCTAssertEqual(fromBytes?.bitPattern, fromText?.bitPattern, "'\(text)'")
        }
    }

    // MARK: - Helpers

    @discardableResult
    private func assertParsersAgree(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> OpopLogLine {
        let fromBytes = bytes.withUnsafeBufferPointer { OpopLogParser.parse($0) }
        let fromText = bytes.withUnsafeBufferPointer { OpopLogStringParser.parse($0) }
        let text = String(decoding: bytes, as: UTF8.self).debugDescription
        XCTAssertEqual(Self.comparable(fromBytes), Self.comparable(fromText), "line \(text)", file: file, line: line)
        return fromBytes
    }

    private func mutate(_ bytes: inout [UInt8], random: inout TestRandom) {
        let position = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            bytes.insert(contentsOf: Self.insertions.randomElement(using: &random)!, at: position)
        case 1 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...3, using: &random)))
        default:
            if position < bytes.count {
                bytes[position] = Self.insertions.randomElement(using: &random)!.first!
            }
        }
    }

    /// Describes a line with every number as its bit pattern, so NaN compares equal to
    /// NaN and -0 differs from 0.
    private static func comparable(_ line: OpopLogLine) -> String {
        func bits(_ value: Double?) -> String {
            value.map { String($0.bitPattern, radix: 16) } ?? "none"
        }
        switch line {
        case .progress(let progress):
            let groups = progress.groups.map { "\($0.group)=\(bits($0.scale))/\(bits($0.urgency))" }
            return "progress \(progress.step)/\(progress.totalSteps) loss=\(bits(progress.loss)) "
                + "r=\(bits(progress.reward)) \(groups)"
        case .evaluation(let metrics):
            return "evaluation " + metrics.map { "\($0.name)=\(bits($0.value))" }.joined(separator: " ")
        default:
            return "\(line)"
        }
    }

    private static func kind(of line: OpopLogLine) -> String {
        switch line {
        case .progress: return "progress"
        case .evaluation: return "evaluation"
        case .checkpoint: return "checkpoint"
        case .control: return "control"
        case .other: return "other"
        case .unreadable: return "unreadable"
        }
    }
}
