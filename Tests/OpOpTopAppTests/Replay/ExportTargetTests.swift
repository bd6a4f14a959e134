import XCTest
import OpOpTrace
@testable import OpOpTopApp

/// `--export FORMAT FILE` must never write over an input or a trace.
final class ExportTargetTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    override func tearDown() {
        scratch.remove()
    }

    /// Copies the small fixture run into the scratch directory as `name/trace.jsonl`.
    private func copyRun(_ name: String) throws -> String {
        let directory = scratch.file(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ReplayFixtures.smallRun + "/trace.jsonl", toPath: directory + "/trace.jsonl")
        return directory
    }

    private func contents(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func testForgottenFileKeepsTrace() throws {
        let x = try copyRun("x")
        let y = try copyRun("y")
        let trace = x + "/trace.jsonl"
        let before = try contents(trace)

        // `--export svg runs/x/trace.jsonl runs/y`: the trace became FILE.
        let status = runReplay(ReplayOptions(paths: [y], output: .export(format: .svg, path: trace)))

        XCTAssertEqual(status, 1)
        XCTAssertEqual(try contents(trace), before, "the trace is unchanged")
    }

    func testInputTraceRejected() throws {
        let x = try copyRun("x")
        let input = try ReplayInput.open(x)
        let link = scratch.file("link.svg")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: x + "/trace.jsonl")

        for target in [x + "/trace.jsonl", x + "//trace.jsonl", link] {
            XCTAssertThrowsError(try ExportTarget.check(target, format: .svg, inputs: [input]), target) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("'\(target)'"), message)
                XCTAssertTrue(message.contains("--export svg out.svg RUN..."), message)
            }
        }
    }

    func testInputDirectoryRejected() throws {
        let x = try copyRun("x")
        let input = try ReplayInput.open(x)

        XCTAssertThrowsError(try ExportTarget.check(x, format: .csv, inputs: [input])) { error in
            XCTAssertTrue("\(error)".contains("it is the input"), "\(error)")
        }
    }

    func testExistingTraceOrJsonlRejected() throws {
        let other = try copyRun("other")
        let renamed = scratch.file("old-trace.txt")
        try FileManager.default.copyItem(atPath: other + "/trace.jsonl", toPath: renamed)
        let input = try ReplayInput.open(try copyRun("x"))

        XCTAssertThrowsError(try ExportTarget.check(renamed, format: .csv, inputs: [input])) { error in
            XCTAssertTrue("\(error)".contains("it is a trace or run"), "\(error)")
        }
        XCTAssertThrowsError(try ExportTarget.check(scratch.file("new.jsonl"), format: .csv, inputs: [input])) { error in
            XCTAssertTrue("\(error)".contains("ending in .jsonl"), "\(error)")
        }
    }

    func testExtensionOfOtherFormatRejected() throws {
        let input = try ReplayInput.open(try copyRun("x"))

        XCTAssertThrowsError(try ExportTarget.check(scratch.file("out.csv"), format: .svg, inputs: [input])) { error in
            XCTAssertEqual("\(error)", "'\(scratch.file("out.csv"))' ends in .csv but --export svg writes svg; name the output file right after the format, as in '--export svg out.svg RUN...'")
        }
        XCTAssertThrowsError(try ExportTarget.check(scratch.file("out.SVG"), format: .csv, inputs: [input]))
    }

    func testOrdinaryTargetsAccepted() throws {
        let input = try ReplayInput.open(try copyRun("x"))
        let existing = scratch.file("old.svg")
        try Data("<svg/>".utf8).write(to: URL(fileURLWithPath: existing))

        XCTAssertNoThrow(try ExportTarget.check(scratch.file("chart.svg"), format: .svg, inputs: [input]))
        XCTAssertNoThrow(try ExportTarget.check(existing, format: .svg, inputs: [input]), "an old chart may be overwritten")
        XCTAssertNoThrow(try ExportTarget.check(scratch.file("steps"), format: .csv, inputs: [input]))
    }
}
