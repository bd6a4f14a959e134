/// Returns the longest prefix of `text` whose display width is at most `width`.
///
/// The cut falls between characters, never inside one, so a wide character that would
/// straddle the limit is dropped whole. With an `ellipsis`, a cut text ends in it and
/// still fits the width.
public func truncated(_ text: String, toWidth width: Int, ellipsis: Character? = nil) -> String {
    guard width > 0 else { return "" }
    guard displayWidth(text) > width else { return text }

    let ellipsisWidth = ellipsis.map(displayWidth) ?? 0
    let budget = ellipsisWidth <= width ? width - ellipsisWidth : width
    var result = ""
    var used = 0
    for character in text {
        let characterWidth = displayWidth(character)
        if used + characterWidth > budget { break }
        result.append(character)
        used += characterWidth
    }
    if let ellipsis, ellipsisWidth <= width {
        result.append(ellipsis)
    }
    return result
}

/// Returns `text` padded with spaces on the left to `width` columns, or cut to it.
public func rightAligned(_ text: String, width: Int) -> String {
    let cut = truncated(text, toWidth: width)
    return String(repeating: " ", count: max(0, width - displayWidth(cut))) + cut
}

/// Returns `text` padded with spaces on the right to `width` columns, or cut to it.
public func leftAligned(_ text: String, width: Int) -> String {
    let cut = truncated(text, toWidth: width)
    return cut + String(repeating: " ", count: max(0, width - displayWidth(cut)))
}

/// Returns text that is safe to place on the screen.
///
/// Control characters (including tabs and newlines, which would move the terminal's
/// cursor) become spaces. With `asciiOnly`, every non-ASCII character becomes "?",
/// because a terminal in the C locale cannot draw it.
public func sanitizedForDisplay(_ text: String, asciiOnly: Bool) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        if let ascii = character.asciiValue {
            result.append(ascii < 0x20 || ascii == 0x7F ? " " : character)
        } else if asciiOnly {
            result.append("?")
        } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
            result.append(" ")
        } else {
            result.append(character)
        }
    }
    return result
}
