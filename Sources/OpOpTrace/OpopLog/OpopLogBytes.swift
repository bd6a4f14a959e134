/// A run of bytes of one log line. Its indices are offsets into the whole line, so a
/// slice of a slice needs no copying.
typealias OpopLogBytes = Slice<UnsafeBufferPointer<UInt8>>

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Returns the bytes as text. Callers pass ASCII bytes, which are always valid UTF-8.
    var text: String {
        String(decoding: self, as: UTF8.self)
    }

    /// Returns the index of the first occurrence of `pattern`, or nil.
    func firstIndex(of pattern: StaticString) -> Int? {
        pattern.withUTF8Buffer { needle -> Int? in
            guard needle.count <= count else {
                return nil
            }
            let lastStart = endIndex - needle.count
            var index = startIndex
            while index <= lastStart {
                if base[index] == needle[0], matches(needle, at: index) {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    func hasPrefix(_ pattern: StaticString) -> Bool {
        pattern.withUTF8Buffer { needle in
            needle.count <= count && matches(needle, at: startIndex)
        }
    }

    func hasSuffix(_ byte: UInt8) -> Bool {
        !isEmpty && base[endIndex - 1] == byte
    }

    func hasSuffix(_ pattern: StaticString) -> Bool {
        pattern.withUTF8Buffer { needle in
            needle.count <= count && matches(needle, at: endIndex - needle.count)
        }
    }

    func equals(_ pattern: StaticString) -> Bool {
        pattern.withUTF8Buffer { needle in
            needle.count == count && matches(needle, at: startIndex)
        }
    }

    private func matches(_ needle: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for offset in 0..<needle.count where base[start + offset] != needle[offset] {
            return false
        }
        return true
    }

    /// Returns the bytes without leading and trailing spaces and tabs.
    func trimmingSpaces() -> OpopLogBytes {
        var first = startIndex
        var last = endIndex
        while first < last, isOpopLogSpace(base[first]) {
            first += 1
        }
        while last > first, isOpopLogSpace(base[last - 1]) {
            last -= 1
        }
        return base[first..<last]
    }

    /// Calls `body` with each run of bytes between spaces and tabs, skipping empty runs,
    /// until `body` returns false.
    func forEachToken(_ body: (OpopLogBytes) -> Bool) {
        var index = startIndex
        while index < endIndex {
            while index < endIndex, isOpopLogSpace(base[index]) {
                index += 1
            }
            let tokenStart = index
            while index < endIndex, !isOpopLogSpace(base[index]) {
                index += 1
            }
            if tokenStart < index, !body(base[tokenStart..<index]) {
                return
            }
        }
    }

    /// Splits `KEY=VALUE` at its first `=`, or returns nil when there is none or the key
    /// is empty.
    func splitKeyValue() -> (key: OpopLogBytes, value: OpopLogBytes)? {
        guard let equals = firstIndex(of: UInt8(ascii: "=")), equals != startIndex else {
            return nil
        }
        return (base[startIndex..<equals], base[(equals + 1)..<endIndex])
    }

    /// Removes one leading `(` and one trailing `)`, such as around `(ce=6.65)`.
    func strippingParentheses() -> OpopLogBytes {
        var result = self
        if result.first == UInt8(ascii: "(") {
            result = result.dropFirst()
        }
        if result.hasSuffix(UInt8(ascii: ")")) {
            result = result.dropLast()
        }
        return result
    }
}

func isOpopLogSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}
