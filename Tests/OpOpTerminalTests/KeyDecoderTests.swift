@preconcurrency import CNcursesw
import OpOpDashboard
@testable import OpOpTerminal
import XCTest

final class KeyDecoderTests: XCTestCase {
    func testKeyCodesDecodeToKeys() {
        let cases: [(name: String, code: Int32, expected: Key?)] = [
            ("up", KEY_UP, .up),
            ("down", KEY_DOWN, .down),
            ("left", KEY_LEFT, .left),
            ("right", KEY_RIGHT, .right),
            ("page up", KEY_PPAGE, .pageUp),
            ("page down", KEY_NPAGE, .pageDown),
            ("home", KEY_HOME, .home),
            ("keypad home", KEY_A1, .home),
            ("end", KEY_END, .end),
            ("keypad end", KEY_C1, .end),
            ("keypad enter", KEY_ENTER, .enter),
            ("backspace", KEY_BACKSPACE, .backspace),
            ("resize", KEY_RESIZE, .resize),
            ("F1", KEY_F0 + 1, .function(1)),
            ("F5", KEY_F0 + 5, .function(5)),
            ("F12", KEY_F0 + 12, .function(12)),
            ("shifted F1 as F13", KEY_F0 + 13, .function(13)),
            ("F63", KEY_F0 + 63, .function(63)),
            ("F0 has no key", KEY_F0, nil),
            ("past F63", KEY_F0 + 64, nil),
            ("delete", KEY_DC, nil),
            ("insert", KEY_IC, nil),
            ("back tab", KEY_BTAB, nil),
        ]
        for testCase in cases {
            XCTAssertEqual(KeyDecoder.decode(keyCode: testCase.code), testCase.expected, testCase.name)
        }
    }

    func testCharactersDecodeToKeys() {
        let cases: [(name: String, value: UInt32, expected: Key?)] = [
            ("letter", 0x61, .character("a")),
            ("upper case", 0x51, .character("Q")),
            ("space", 0x20, .character(" ")),
            ("tilde", 0x7E, .character("~")),
            ("tab", 9, .tab),
            ("carriage return", 13, .enter),
            ("line feed", 10, .enter),
            ("escape", 27, .escape),
            ("delete byte", 127, .backspace),
            ("Ctrl-H", 8, .backspace),
            ("Ctrl-A", 1, .control("a")),
            ("Ctrl-L", 12, .control("l")),
            ("Ctrl-Z", 26, .control("z")),
            ("Ctrl-@", 0, nil),
            ("file separator", 28, nil),
            ("C1 control", 0x85, nil),
            ("e acute", 0xE9, .character("é")),
            ("braille", 0x28FF, .character("⣿")),
            ("CJK", 0x6F22, .character("漢")),
            ("emoji", 0x1F600, .character("😀")),
            ("zero width joiner", 0x200D, nil),
            ("surrogate", 0xD800, nil),
            ("beyond Unicode", 0x110000, nil),
        ]
        for testCase in cases {
            XCTAssertEqual(KeyDecoder.decode(character: testCase.value), testCase.expected, testCase.name)
        }
    }
}
