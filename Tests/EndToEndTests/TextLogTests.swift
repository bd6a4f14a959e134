import Foundation
import Synchronization
import XCTest

/// `opop-top attach` on an opop text log that a trainer is still writing: progress
/// lines with CRLF endings, one progress line rewritten in place with a carriage
/// return, and an evaluation line.
final class TextLogTests: EndToEndTestCase {
    /// The progress lines the writer appends, one every 50 ms.
    private static let lineCount = 60
    private static let stepsPerLine = 10

    private var writer: GradualWriter?

    override func tearDown() {
        writer?.stop()
        writer = nil
        super.tearDown()
    }

    func testAttachFollowsGrowingLog() throws {
        let log = try makeScratchDirectory().appendingPathComponent("train.log")
        try "opop trainer 0.3.0, loading data\r\n".write(to: log, atomically: false, encoding: .utf8)
        let session = try startProgram(["attach", log.path], width: 80, height: 24)
        try session.waitFor("waiting for the first step")

        let writer = try GradualWriter(path: log.path, chunks: Self.logChunks(), interval: 0.05)
        self.writer = writer
        writer.start()

        let first = try session.waitUntil("a step on a LIVE status line") { screen in
            DashboardScreen.runBadge(screen) == "LIVE" && DashboardScreen.runStep(screen) != nil
        }
        let firstStep = try XCTUnwrap(DashboardScreen.runStep(first))
        XCTAssertNotNil(DashboardScreen.runLoss(first), first)
        try session.waitUntil("the step counter to pass \(firstStep)") { (DashboardScreen.runStep($0) ?? 0) > firstStep }

        try session.sendKeys("f")
        try session.waitFor("a text log is read-only")

        try writer.waitUntilDone(timeout: 15)
        let lastStep = Self.lineCount * Self.stepsPerLine
        let screen = try session.waitUntil("step \(lastStep) on the status line") { DashboardScreen.runStep($0) == lastStep }

        XCTAssertEqual(DashboardScreen.runLoss(screen).flatMap(Double.init), Self.loss(line: Self.lineCount), screen)
        let groupRows = screen.split(separator: "\n").filter { $0.contains(" proj ") || $0.contains(" mlp ") }
        XCTAssertEqual(groupRows.count, 2, "the brain section's groups proj and mlp are not both in the table:\n\(screen)")
        XCTAssertTrue(groupRows.first { $0.contains(" proj ") }?.contains(" 0.41x ") == true, "proj's last scale 0.41 is not shown:\n\(screen)")
        let lossChart = try XCTUnwrap(DashboardScreen.boxBody(titled: "Loss", in: screen), screen)
        XCTAssertFalse(
            lossChart.joined().contains("555"),
            "the loss chart shows 555.5, which the log overwrote with a carriage return:\n\(screen)"
        )
        XCTAssertTrue(screen.contains(" accuracy "), "the [eval] line's metric is not shown:\n\(screen)")
    }

    // MARK: - Helpers

    /// Returns the loss written on progress line `line` (1 for the first).
    private static func loss(line: Int) -> Double {
        3.0 - Double(line) * 0.025
    }

    /// Builds the log in the pieces the writer appends one at a time. Half-way, a
    /// progress line for an earlier step with a loss of 555.5 ends in a carriage return
    /// and the next piece writes over it, as a trainer that updates its line in place does.
    private static func logChunks() -> [String] {
        var chunks: [String] = []
        for line in 1...lineCount {
            let step = line * stepsPerLine
            let percent = 100 * step / (lineCount * stepsPerLine)
            let proj = line == lineCount ? 0.41 : 0.30 + Double(line % 7) * 0.01
            let loss = String(format: "%.3f", loss(line: line))
            let progress = "[\(step)/\(lineCount * stepsPerLine)] \(percent)% loss=\(loss) (ce=\(loss)) acc=0.2"
                + " | brain: p=\(String(format: "%.2f", proj))x/2.7u m=0.77x/2.5u r=0.004 ~\(lineCount - line)s remaining"

            if line == lineCount / 2 {
                let overwritten = "[\(step - 5)/\(lineCount * stepsPerLine)] \(percent)% loss=555.5 | brain: p=0.30x/2.7u m=0.77x/2.5u r=0.004"
                chunks.append(overwritten + "\r")
            }
            chunks.append(progress + "\r\n")
            if line == lineCount / 3 {
                chunks.append("[eval] accuracy=61.5% (1024 tok)\r\n")
            }
        }
        return chunks
    }
}

/// Appends text pieces to a file one at a time from a background thread, as a trainer
/// writing its log does.
private final class GradualWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let chunks: [String]
    private let interval: TimeInterval
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    init(path: String, chunks: [String], interval: TimeInterval) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw HarnessError("could not open \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        self.chunks = chunks
        self.interval = interval
    }

    func start() {
        Thread.detachNewThread { [self] in
            for chunk in chunks where !stopped.load(ordering: .relaxed) {
                handle.write(Data(chunk.utf8))
                Thread.sleep(forTimeInterval: interval)
            }
            try? handle.close()
            finished.store(true, ordering: .releasing)
        }
    }

    /// Makes the thread stop after the piece it is writing.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Polls until every piece is written.
    func waitUntilDone(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !finished.load(ordering: .acquiring) {
            guard Date() < deadline else {
                throw HarnessError("timed out after \(timeout) s waiting for the log writer to finish")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
