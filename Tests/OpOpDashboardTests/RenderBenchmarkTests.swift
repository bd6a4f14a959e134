import XCTest
import Foundation
import OpOpTrace
import OpOpDashboard

/// Prints how long ingestion and frames take; it asserts nothing about time.
///
/// Skipped unless OPOP_DASHBOARD_BENCHMARK=1, because the numbers only mean something
/// in a release build:
///
///     OPOP_DASHBOARD_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing \
///         --filter RenderBenchmarkTests
///
/// (`-enable-testing` because the other test files use `@testable import`.)
final class RenderBenchmarkTests: XCTestCase {
    func testFrameTimes() throws {
        guard ProcessInfo.processInfo.environment["OPOP_DASHBOARD_BENCHMARK"] == "1" else {
            throw XCTSkip("set OPOP_DASHBOARD_BENCHMARK=1 and build with -c release to measure")
        }

        let steps = 200_000
        let groupNames = (0..<48).map { "layers.\($0).weight" }
        var history = RunHistory()
        history.ingest(.header(Fixtures.header(groups: groupNames)))
        let clock = ContinuousClock()
        let ingestTime = clock.measure {
            for step in 0..<steps {
                history.ingest(.step(Fixtures.step(step, groups: groupNames.count)))
                if step % 1_000 == 999 {
                    history.ingest(.evaluation(EvaluationRecord(
                        step: step, wallTime: Fixtures.startTime + Double(step) / 10,
                        metrics: [Metric(name: "accuracy", value: 0.9)]
                    )))
                }
                if step % 25_000 == 0 {
                    history.ingest(.event(Fixtures.event(.snapshot, at: step, message: "snapshot")))
                }
            }
        }
        let perStep = seconds(ingestTime) / Double(steps) * 1e6
        print(String(format: "ingest: %d steps x 48 groups in %.2f s (%.1f us per step)", steps, seconds(ingestTime), perStep))

        let now = Fixtures.startTime + Double(steps) / 10
        for (width, height) in [(100, 30), (250, 70)] {
            for (windowIndex, windowName) in [(TimeWindow.defaultIndex, "all"), (3, "1k")] {
                for (glyphs, glyphName) in [(GlyphSet.unicode, "unicode"), (.ascii, "ascii")] {
                    var view = ViewState()
                    view.timeWindowIndex = windowIndex
                    view.selectedGroup = 30
                    let options = RenderOptions(glyphs: glyphs, colour: true)

                    var frames: [Double] = []
                    for _ in 0..<200 {
                        let duration = clock.measure {
                            let grid = renderDashboard(
                                history: history, view: view, now: now, width: width, height: height, options: options
                            )
                            XCTAssertEqual(grid.width, width)
                        }
                        frames.append(seconds(duration) * 1e3)
                    }
                    frames.sort()
                    // The minimum is the least disturbed by other processes on a busy machine.
                    print(String(
                        format: "frame %dx%d window %@ %@: min %.3f ms, median %.3f ms, p95 %.3f ms",
                        width, height, windowName, glyphName,
                        frames[0], frames[frames.count / 2], frames[frames.count * 95 / 100]
                    ))
                }
            }
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
