@preconcurrency import CNcursesw
import OpOpDashboard

/// Maps what `wget_wch` returns to a `Key`.
///
/// Every function returns nil for input without a `Key` equivalent, such as Delete,
/// Insert or Ctrl-@, which the caller then ignores like a timeout.
enum KeyDecoder {
    /// The highest function key number curses defines (`KEY_F(63)`).
    static let maxFunctionKey: Int32 = 63

    /// Decodes a key code, what `wget_wch` stores when it returns `KEY_CODE_YES`.
    static func decode(keyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + maxFunctionKey): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Decodes a character, what `wget_wch` stores when it returns `OK`.
    ///
    /// With `nonl()` the Enter key arrives as carriage return (13), and line feed (10,
    /// also Ctrl-J) counts as Enter too. Backspace arrives as DEL (127) from most
    /// terminals and as Ctrl-H (8) from some, so both count as Backspace.
    static func decode(character value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            let letter = Character(Unicode.Scalar(UInt8(value) + UInt8(ascii: "a") - 1))
            return .control(letter)
        default:
            break
        }

        guard let scalar = Unicode.Scalar(value), !scalar.properties.generalCategory.isControlOrUnassigned else {
            return nil
        }
        return .character(Character(scalar))
    }
}

private extension Unicode.GeneralCategory {
    /// Categories that have no visible glyph of their own to show or type.
    var isControlOrUnassigned: Bool {
        switch self {
        case .control, .unassigned, .surrogate, .format: return true
        default: return false
        }
    }
}
