#if canImport(Glibc)
import Glibc
#endif
import OpOpDashboard
import OpOpTerminal
import XCTest

final class TerminalDemoTests: XCTestCase {
    private let demo = TerminalDemo(processID: 4242)

    func testQuitKeyEndsLoop() {
        let screen = FakeScreen(events: [.key(.character("x")), .key(.character("q"))])

        XCTAssertEqual(demo.run(on: screen), .quit)
        XCTAssertEqual(screen.frames.count, 2)
        XCTAssertTrue(screen.lastFrame?.text.contains("last key: 'x'   keys: 1") == true)
    }

    func testUpperCaseQuitKeyEndsLoop() {
        let screen = FakeScreen(events: [.key(.character("Q"))])

        XCTAssertEqual(demo.run(on: screen), .quit)
    }

    func testSignalEndsLoop() {
        let screen = FakeScreen(events: [.timeout, .signal(SIGTERM), .key(.character("z"))])

        XCTAssertEqual(demo.run(on: screen), .terminated(signal: SIGTERM))
        XCTAssertEqual(screen.pendingEvents, [.key(.character("z"))])
    }

    func testEndOfScriptReportsHangUp() {
        let screen = FakeScreen(events: [])

        XCTAssertEqual(demo.run(on: screen), .terminated(signal: SIGHUP))
    }

    func testResizeRedrawsAtNewSize() {
        let screen = FakeScreen(
            size: ScreenSize(width: 80, height: 24),
            events: [.resize(ScreenSize(width: 40, height: 10)), .key(.character("q"))]
        )

        _ = demo.run(on: screen)

        let last = screen.frames.last
        XCTAssertEqual(last?.width, 40)
        XCTAssertEqual(last?.height, 10)
        XCTAssertTrue(last?.text.contains("size 40x10") == true)
        XCTAssertTrue(last?.text.contains("resizes: 1") == true)
    }

    func testLoopPollsWithFiniteTimeout() {
        let screen = FakeScreen(events: [.key(.character("q"))])

        _ = demo.run(on: screen)

        XCTAssertEqual(screen.requestedTimeouts, [.milliseconds(100)])
    }

    func testFrameShowsProcessAndKeys() {
        let frame = demo.render(
            size: ScreenSize(width: 100, height: 12),
            capabilities: TerminalCapabilities(supportsUnicode: true, colorCount: 8),
            state: TerminalDemo.State(lastKey: .function(5), keyCount: 3)
        )

        XCTAssertTrue(frame.lines[0].hasPrefix("opop-top terminal check  pid 4242"))
        XCTAssertTrue(frame.text.contains("last key: F5   keys: 3"))
        XCTAssertTrue(frame.text.contains("▁▂▃▄▅▆▇█"))
        XCTAssertTrue(frame.text.contains("colour: 8 colours"))
    }

    func testAsciiFrameHasNoNonAscii() {
        let frame = demo.render(
            size: ScreenSize(width: 100, height: 12),
            capabilities: TerminalCapabilities(supportsUnicode: false, colorCount: 0, colorDisabledReason: "NO_COLOR is set"),
            state: TerminalDemo.State()
        )

        XCTAssertTrue(frame.text.unicodeScalars.allSatisfy(\.isASCII), frame.text)
        XCTAssertTrue(frame.text.contains("glyphs: ascii"))
        XCTAssertTrue(frame.text.contains("_.-=+*#@"))
        XCTAssertTrue(frame.text.contains("colour: off (NO_COLOR is set)"))
    }

    func testTinySizesDoNotCrash() {
        for size in [ScreenSize(width: 0, height: 0), ScreenSize(width: 1, height: 1), ScreenSize(width: 3, height: 2)] {
            let frame = demo.render(size: size, capabilities: TerminalCapabilities(supportsUnicode: true, colorCount: 8), state: TerminalDemo.State())
            XCTAssertEqual(frame.width, size.width)
            XCTAssertEqual(frame.height, size.height)
        }
    }

    func testDrawFramesDrawsEachFrame() {
        let screen = FakeScreen(size: ScreenSize(width: 50, height: 10))

        _ = demo.drawFrames(3, on: screen)

        XCTAssertEqual(screen.frames.count, 3)
        XCTAssertTrue(screen.frames[2].text.contains("keys: 2"), screen.frames[2].text)
        XCTAssertTrue(screen.requestedTimeouts.isEmpty, "the benchmark waited for keys")
    }

    func testKeyDescriptions() {
        let cases: [(Key, String)] = [
            (.character("a"), "'a'"),
            (.control("l"), "Ctrl-L"),
            (.function(12), "F12"),
            (.pageDown, "PageDown"),
            (.escape, "Esc"),
            (.resize, "resize"),
        ]
        for (key, expected) in cases {
            XCTAssertEqual(TerminalDemo.describe(key), expected)
        }
    }
}
