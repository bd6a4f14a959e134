/// A key press, decoded by the terminal backend and interpreted by the dashboard.
public enum Key: Sendable, Hashable {
    /// A printable character, including space and upper case letters.
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab
    /// A function key: `.function(1)` is F1.
    case function(Int)
    /// Ctrl plus a letter, for example `.control("l")` for Ctrl-L.
    case control(Character)
    /// The terminal changed size; the next frame must be laid out again.
    case resize
}
