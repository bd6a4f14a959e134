import OpOpDashboard
@testable import OpOpTerminal
import XCTest

/// Prints the cost of the backend's pure rendering steps; it asserts nothing about
/// speed, because timings depend on the machine and the build configuration.
final class RenderingMeasurement: XCTestCase {
    func testPrintRowRendererCost() {
        let size = ScreenSize(width: 200, height: 60)
        let demo = TerminalDemo(processID: 1)
        let capabilities = TerminalCapabilities(supportsUnicode: true, colorCount: 256)
        let renderer = RowRenderer(supportsUnicode: true) { scalar in scalar.value < 0x1100 ? 1 : 2 }
        let frames = 50
        let clock = ContinuousClock()

        var grid = Grid(width: 0, height: 0)
        let renderTime = clock.measure {
            for frame in 0..<frames {
                grid = demo.render(size: size, capabilities: capabilities, state: TerminalDemo.State(keyCount: frame))
            }
        }

        // A full screen of text in alternating styles is the worst case for run splitting.
        var busy = Grid(width: size.width, height: size.height)
        for y in 0..<size.height {
            for x in 0..<size.width {
                busy[x, y] = Cell(x % 3 == 0 ? "⣿" : "a", style: Style(foreground: Color(rawValue: UInt8(x % 8))))
            }
        }
        var runCount = 0
        let runTime = clock.measure {
            for _ in 0..<frames {
                for y in 0..<size.height {
                    runCount += renderer.runs(of: busy, row: y, columns: size.width).count
                }
            }
        }

        var demoRunCount = 0
        let demoRunTime = clock.measure {
            for _ in 0..<frames {
                for y in 0..<size.height {
                    demoRunCount += renderer.runs(of: grid, row: y, columns: size.width).count
                }
            }
        }
        print("row runs \(size), demo frame: \(microseconds(demoRunTime, frames)) µs per frame")
        print("demo render \(size): \(microseconds(renderTime, frames)) µs per frame")
        print("row runs \(size), style change every cell: \(microseconds(runTime, frames)) µs per frame")
        XCTAssertEqual(grid.width, size.width)
        XCTAssertEqual(runCount, frames * size.height * size.width)
    }

    private func microseconds(_ duration: Duration, _ frames: Int) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int((seconds * 1e6 / Double(frames)).rounded())
    }
}
