import Foundation
import OpOpTrace
import XCTest

/// Keeps the examples in `docs/trace-format.md` true: each must decode, and the Swift
/// encoder must write it back byte for byte.
final class TraceFormatDocumentTests: XCTestCase {
    func testExamplesDecodeAndReencodeExactly() throws {
        let examples = try exampleLines()
        XCTAssertGreaterThanOrEqual(examples.count, 5, "the document should show every record type")

        var types: Set<String> = []
        for line in examples {
            let record = try XCTUnwrap(try TraceDecoder.decode(line: line), line)
            XCTAssertEqual(TraceEncoder.encode(record), line)
            switch record {
            case .header: types.insert("header")
            case .step: types.insert("step")
            case .evaluation: types.insert("eval")
            case .event: types.insert("event")
            }
        }
        XCTAssertEqual(types, ["header", "step", "eval", "event"])
    }

    /// Returns the lines inside the document's ```json blocks.
    private func exampleLines() throws -> [String] {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: packageRoot.appendingPathComponent("docs/trace-format.md"), encoding: .utf8)

        var lines: [String] = []
        var isInExample = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                isInExample = line == "```json"
            } else if isInExample {
                lines.append(String(line))
            }
        }
        return lines
    }
}
