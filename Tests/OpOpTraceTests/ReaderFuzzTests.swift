import Foundation
import OpOpTrace
import XCTest

/// Seeded fuzzing of whole files: both readers must return or throw on any content,
/// never crash, and account for every line as a record, a skipped or ignored line, or
/// a corrupt one.
final class ReaderFuzzTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private static let caseCount = 2500

    private static let traceLines: [[UInt8]] = SampleRecords.all.map { Array(TraceEncoder.encode($0).utf8) }

    private static let logLines: [[UInt8]] = [
        "[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.34x/2.5u r=0.007 ~1000s remaining",
        "[10/219726] 0% loss=6.6654 (ce=6.6654) adv_mse=0.0027 acc=0.157 | sophia: 1.5%clip gnorm=0.3 maxu=0.01 ~5s remaining",
        "[3/10] 30% loss=nan acc=0.1 | brain: p=infx/1e-5u m=-1E+3x/.5u r=-inf ~7s remaining",
        "[eval] top1=9.3% top5=20.9% (1024 tok)",
        "[ckpt] Saved /tmp/run/ckpt.npz (2988.3 MB)",
        "[ctrl] lr: 0.001 -> 0.0001",
        "[gen] [ttc pos=80 depth=0] \"The meaning\" -> \"of it\"",
        "Optimizer: AdamW",
        "",
    ].map { Array($0.utf8) }

    func testTraceReaderSurvivesMutatedFiles() throws {
        var random = TestRandom(seed: 11)
        var totals = (records: 0, corrupt: 0, fatal: 0)
        let path = directory.file("trace.jsonl")

        for caseIndex in 0..<Self.caseCount {
            let bytes = makeFile(from: Self.traceLines, random: &random)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = TraceReader(path: path, chunkBytes: Int.random(in: 1...512, using: &random))

            let result = Result { () throws(TraceReaderError) in try reader.readAvailable() + reader.readToEnd() }
            let records: [TraceRecord]
            switch result {
            case .success(let value):
                records = value
            case .failure(let error):
                // A mutated header can name a newer version, which rejects the whole file.
                guard case .unreadableTrace = error else {
                    throw error
                }
                totals.fatal += 1
                continue
            }

            let lines = Self.lines(of: bytes).filter { !Self.isBlank($0) }
            XCTAssertEqual(
                records.count + reader.skippedRecordCount + reader.corruptLineCount, lines.count,
                "case \(caseIndex): every non-blank line is a record, skipped or corrupt"
            )
            totals.records += records.count
            totals.corrupt += reader.corruptLineCount
        }

        XCTAssertGreaterThan(totals.records, 0)
        XCTAssertGreaterThan(totals.corrupt, 0)
    }

    func testOpopLogReaderSurvivesMutatedFiles() throws {
        var random = TestRandom(seed: 12)
        var totals = (records: 0, corrupt: 0)
        let path = directory.file("train.log")

        for caseIndex in 0..<Self.caseCount {
            let bytes = makeFile(from: Self.logLines, random: &random)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = OpopLogReader(path: path, chunkBytes: Int.random(in: 1...512, using: &random))

            let records = try reader.readAvailable() + reader.readToEnd()

            let headers = records.filter { $0.kindName == "header" }
            XCTAssertLessThanOrEqual(headers.count, 1, "case \(caseIndex)")
            XCTAssertEqual(
                records.count - headers.count + reader.corruptLineCount + reader.ignoredLineCount, Self.lines(of: bytes).count,
                "case \(caseIndex): every line is a record, ignored or corrupt"
            )
            if case .header(let header)? = headers.first {
                for case .step(let step) in records {
                    XCTAssertEqual(step.groups.count, header.groupNames.count, "case \(caseIndex)")
                }
            }
            totals.records += records.count
            totals.corrupt += reader.corruptLineCount
        }

        XCTAssertGreaterThan(totals.records, 0)
        XCTAssertGreaterThan(totals.corrupt, 0)
    }

    // MARK: - Case generation

    /// Builds a file of one to six lines, each a sample line with up to three
    /// mutations, or random bytes.
    private func makeFile(from samples: [[UInt8]], random: inout TestRandom) -> [UInt8] {
        var file: [UInt8] = []
        let lineCount = Int.random(in: 1...6, using: &random)

        for index in 0..<lineCount {
            var line = samples[Int.random(in: 0..<samples.count, using: &random)]
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                mutate(&line, samples: samples, random: &random)
            }
            file += line
            // The last line sometimes has no newline, as after a torn write.
            if index < lineCount - 1 || Bool.random(using: &random) {
                file += Bool.random(using: &random) ? [0x0A] : [0x0D, 0x0A]
            }
        }
        return file
    }

    private func mutate(_ line: inout [UInt8], samples: [[UInt8]], random: inout TestRandom) {
        let position = line.isEmpty ? 0 : Int.random(in: 0..<line.count, using: &random)

        switch Int.random(in: 0..<9, using: &random) {
        case 0 where !line.isEmpty:
            line[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
        case 1:
            line.removeSubrange(position...)
        case 2:
            let copy = line
            line += copy
        case 3:
            let other = samples[Int.random(in: 0..<samples.count, using: &random)]
            line = Array(line[..<position]) + other[Int.random(in: 0...other.count, using: &random)...]
        case 4:
            let huge = Bool.random(using: &random) ? "1e99999" : "9" + String(repeating: "9", count: 400)
            line.insert(contentsOf: Array(huge.utf8), at: position)
        case 5:
            line.insert(contentsOf: Array(String(repeating: "[", count: 200).utf8), at: position)
        case 6:
            let invalid: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]]
            line.insert(contentsOf: invalid[Int.random(in: 0..<invalid.count, using: &random)], at: position)
        case 7:
            line.insert(contentsOf: [0x0D], at: position)
        default:
            line = (0..<Int.random(in: 0...120, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
    }

    // MARK: - Line accounting

    /// Splits a file at line feeds the way the readers do. A last line without a line
    /// feed counts as a line, but an empty rest after the last line feed does not.
    private static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        return lines
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
