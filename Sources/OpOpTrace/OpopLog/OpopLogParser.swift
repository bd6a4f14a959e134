/// Turns one line of an opop text log into an `OpopLogLine`, working on its UTF-8 bytes.
///
/// The forms are those opop 0.3.0's trainers print and its own terminal viewer reads.
/// Like that viewer, the parser finds a form anywhere in the line, so a prefix such as
/// a timestamp does not hide it. Fields it does not know are skipped, so a trainer that
/// adds a field still reads.
///
/// Lines of ASCII text, which is what trainers print, are parsed with byte compares.
/// A line with any other byte goes to `OpopLogStringParser`, which compares whole
/// characters as Swift `String` does, so both give the same result for every line.
enum OpopLogParser {
    /// Parses the bytes of one line, without its line feed.
    ///
    /// A carriage return ends the line there (CRLF), and earlier carriage returns mark
    /// progress output that was overwritten in place, so only the text after the last
    /// one counts. ANSI colour sequences are removed.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpopLogLine {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "\r") {
            start -= 1
        }

        var needsCleaning = false
        for index in start..<end {
            let byte = bytes[index]
            if byte >= 0x80 {
                return OpopLogStringParser.parse(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
            if isControl(byte) && byte != UInt8(ascii: "\t") {
                needsCleaning = true
            }
        }

        guard needsCleaning else {
            return OpopLogFormParser.parse(bytes[start..<end])
        }
        switch removingEscapeSequences(bytes[start..<end]) {
        case .success(let cleaned):
            return cleaned.withUnsafeBufferPointer { OpopLogFormParser.parse($0[...]) }
        case .failure(let problem):
            return .unreadable(reason: problem.reason)
        }
    }

    /// Removes ANSI escape sequences from ASCII bytes and rejects other control
    /// characters except tab, as `OpopLogText.clean(_:)` does for text.
    private static func removingEscapeSequences(_ bytes: OpopLogBytes) -> Result<[UInt8], OpopLogText.Problem> {
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        var index = bytes.startIndex

        while index < bytes.endIndex {
            let byte = bytes.base[index]
            index += 1

            if byte == 0x1B {
                // A CSI sequence is `ESC [`, parameters and one final byte from `@` to `~`.
                // Any other escape sequence is ESC and one more character.
                guard index < bytes.endIndex else {
                    break
                }
                let next = bytes.base[index]
                index += 1
                if next == UInt8(ascii: "[") {
                    while index < bytes.endIndex {
                        let parameter = bytes.base[index]
                        index += 1
                        if parameter >= 0x40 && parameter <= 0x7E {
                            break
                        }
                    }
                }
                continue
            }
            if isControl(byte) && byte != UInt8(ascii: "\t") {
                let code = String(byte, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: 4 - code.count) + code
                return .failure(OpopLogText.Problem(reason: "the line contains the control character U+\(padded)"))
            }
            cleaned.append(byte)
        }
        return .success(cleaned)
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F
    }
}
