import Foundation
import XCTest

final class DemoScreenTests: EndToEndTestCase {
    func testDemoShowsTextAndGlyphs() throws {
        let session = try startDemo()

        let screen = try session.waitFor("opop-top terminal check")

        XCTAssertTrue(screen.contains("size 100x30"), screen)
        XCTAssertTrue(screen.contains("glyphs: unicode"), screen)
        XCTAssertTrue(screen.contains("▁▂▃▄▅▆▇█"), screen)
        XCTAssertTrue(screen.contains("⡀⡄⡆⡇⣇⣧⣷⣿"), screen)
        XCTAssertTrue(screen.contains(String(repeating: "─", count: 100)), screen)
    }

    func testKeysAreReceived() throws {
        let session = try startDemo()
        try session.waitFor("last key: none")

        let cases: [(keys: [String], shown: String)] = [
            (["a"], "last key: 'a'"),
            (["Up"], "last key: Up"),
            (["Left"], "last key: Left"),
            (["NPage"], "last key: PageDown"),
            (["Home"], "last key: Home"),
            (["End"], "last key: End"),
            (["F1"], "last key: F1"),
            (["F5"], "last key: F5"),
            (["F12"], "last key: F12"),
            (["Enter"], "last key: Enter"),
            (["Tab"], "last key: Tab"),
            (["BSpace"], "last key: Backspace"),
            (["C-l"], "last key: Ctrl-L"),
            (["Escape"], "last key: Esc"),
        ]
        for (index, testCase) in cases.enumerated() {
            try session.sendKeys(testCase.keys[0])
            try session.waitFor("\(testCase.shown)   keys: \(index + 1)")
        }

        try session.type("é")
        try session.waitFor("last key: 'é'")
    }

    func testResizeRedraws() throws {
        let session = try startDemo()
        try session.waitFor("size 100x30")

        try session.resize(width: 60, height: 20)

        let screen = try session.waitFor("size 60x20")
        XCTAssertTrue(screen.contains("resizes: 1"), screen)
        let rule = screen.split(separator: "\n").first { $0.hasPrefix("─") }
        XCTAssertEqual(rule?.count, 60, screen)
    }

    func testTinyWindowDoesNotCrash() throws {
        let session = try startDemo()
        try session.waitFor("size 100x30")

        try session.resize(width: 1, height: 1)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertNil(try session.exitStatus(), "the demo exited at 1x1")
        try session.resize(width: 2, height: 1)
        try session.resize(width: 80, height: 24)

        try session.waitFor("size 80x24")
        XCTAssertNil(try session.exitStatus())
    }

    func testStartingAtOneCellDoesNotCrash() throws {
        let session = try startDemo(width: 1, height: 1)
        Thread.sleep(forTimeInterval: 1)
        XCTAssertNil(try session.exitStatus(), "the demo exited at 1x1")

        try session.resize(width: 70, height: 12)

        try session.waitFor("size 70x12")
    }

    func testAsciiFallbackInCLocale() throws {
        let session = try startDemo(environment: ["LC_ALL=C", "TERM=screen-256color"])

        let screen = try session.waitFor("glyphs: ascii")

        XCTAssertTrue(screen.contains("_.-=+*#@"), screen)
        XCTAssertTrue(screen.contains(String(repeating: "-", count: 100)), screen)
        XCTAssertTrue(screen.unicodeScalars.allSatisfy(\.isASCII), screen)
    }

    func testNoColorTurnsColourOff() throws {
        let coloured = try startDemo()
        try coloured.waitFor("colour: 256 colours")
        XCTAssertTrue(containsColour(try coloured.capture(escapes: true)), "no colour in the normal run")

        let plain = try startDemo(environment: standardEnvironment + ["NO_COLOR=1"])
        try plain.waitFor("colour: off (NO_COLOR is set)")
        let escapes = try plain.capture(escapes: true)

        XCTAssertFalse(containsColour(escapes), escapes)
        XCTAssertTrue(escapes.contains("\u{1B}[1m"), "bold is gone too: \(escapes)")
    }

    func testMonochromeTerminalHasNoColour() throws {
        let session = try startDemo(environment: ["LC_ALL=C.UTF-8", "TERM=vt100"])

        try session.waitFor("colour: off (terminal has no colours)")

        XCTAssertFalse(containsColour(try session.capture(escapes: true)))
    }

    /// Checks whether tmux's escaped capture sets a foreground or background colour
    /// other than the default (SGR 30-37 or 40-47).
    private func containsColour(_ escapes: String) -> Bool {
        (30...47).contains { code in
            code != 38 && code != 39 && escapes.contains("\u{1B}[\(code)m")
        }
    }
}
