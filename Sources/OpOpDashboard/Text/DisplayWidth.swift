/// Returns the number of terminal columns a character occupies: 0, 1 or 2.
///
/// Combining marks, zero-width format characters and control characters take 0 columns,
/// East Asian wide and fullwidth characters and emoji take 2, everything else takes 1.
/// A Character is a whole grapheme cluster, so "e" followed by U+0301 is one character
/// of width 1. Ambiguous-width characters (East Asian Width "A") count as 1, which is how
/// terminals in a non-CJK locale draw them.
public func displayWidth(_ character: Character) -> Int {
    if let width = commonWidth(ofUTF8: character.utf8) {
        return width
    }

    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.contains(where: { $0.properties.isEmojiPresentation }) {
        return 2
    }
    if first.properties.isEmoji, scalars.contains(where: { $0.value == 0xFE0F }) {
        return 2
    }
    return displayWidth(of: first)
}

/// Returns the sum of `displayWidth` over the characters of a string.
public func displayWidth<S: StringProtocol>(_ text: S) -> Int {
    var width = 0
    for character in text {
        width += displayWidth(character)
    }
    return width
}

/// Returns the width of a one-scalar character from the blocks every frame draws, read
/// from its UTF-8 bytes without the slower Unicode property lookups, or nil for any
/// other character. Covered: ASCII, U+0080-U+02FF (C1 controls and Latin), and
/// U+2500-U+25BF and U+2800-U+28FF (box drawing, block elements, braille).
@inline(__always)
private func commonWidth(ofUTF8 utf8: Character.UTF8View) -> Int? {
    var bytes = utf8.makeIterator()
    guard let lead = bytes.next() else { return 0 }

    switch lead {
    case 0..<0x80:
        guard bytes.next() == nil else { return nil }
        return lead < 0x20 || lead == 0x7F ? 0 : 1
    case 0xC2...0xCB:
        guard let second = bytes.next(), bytes.next() == nil else { return nil }
        return lead == 0xC2 && second < 0xA0 ? 0 : 1
    case 0xE2:
        guard let second = bytes.next(), bytes.next() != nil, bytes.next() == nil else { return nil }
        return (0x94...0x96).contains(second) || (0xA0...0xA3).contains(second) ? 1 : nil
    default:
        return nil
    }
}

private func displayWidth(of scalar: Unicode.Scalar) -> Int {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
        return 0
    default:
        break
    }
    return isWide(scalar.value) ? 2 : 1
}

/// The blocks of East Asian Width "W" (wide) and "F" (fullwidth) characters that names
/// and messages are likely to contain, sorted for binary search. Emoji outside these
/// blocks are caught by their emoji presentation property instead.
/// NOTE: abridged by block rather than copied from EastAsianWidth.txt, so a rare wide
/// character outside these blocks counts as one column.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initial consonants
    0x231A...0x231B, 0x2329...0x232A,
    0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols
    0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
    0x3400...0x4DBF,  // CJK extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xA960...0xA97F,  // Hangul Jamo extended A
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms, small forms
    0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
    0x16FE0...0x16FE4, 0x17000...0x18CFF,  // Tangut
    0x1B000...0x1B2FF,  // Kana supplement and extensions, Nushu
    0x1F300...0x1F64F,  // pictographs and emoticons
    0x1F900...0x1F9FF,  // supplemental symbols and pictographs
    0x20000...0x2FFFD, 0x30000...0x3FFFD,  // CJK extensions B and later
]

private func isWide(_ value: UInt32) -> Bool {
    guard value >= 0x1100 else { return false }

    var low = 0
    var high = wideRanges.count - 1
    while low <= high {
        let middle = (low + high) / 2
        let range = wideRanges[middle]
        if value < range.lowerBound {
            high = middle - 1
        } else if value > range.upperBound {
            low = middle + 1
        } else {
            return true
        }
    }
    return false
}
