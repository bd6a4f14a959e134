extension StepLineScanner {
    /// The field names of one kind of object, in the order the Swift writer puts them,
    /// each also as the bytes `"name":` packed into two little-endian words.
    ///
    /// A scanner that expects the writer's order compares the next key in one or two
    /// word comparisons instead of scanning it byte by byte.
    struct KeySet {
        let names: [StaticString]
        private let patterns: [Pattern]

        struct Pattern {
            var words: (UInt64, UInt64) = (0, 0)
            var masks: (UInt64, UInt64) = (0, 0)
            /// The name's length plus two quotes and the colon.
            var length = 0
        }

        init(_ names: [StaticString]) {
            self.names = names
            patterns = names.map(Self.pattern)
        }

        var count: Int {
            names.count
        }

        /// Packs `"name":` into words, one byte per lane. Names of up to 13 bytes fit.
        private static func pattern(_ name: StaticString) -> Pattern {
            let bytes = [UInt8(ascii: "\"")] + UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                + [UInt8(ascii: "\""), UInt8(ascii: ":")]
            precondition(bytes.count <= 16, "the key '\(name)' is too long for a 16-byte pattern")

            var pattern = Pattern(length: bytes.count)
            for (offset, byte) in bytes.enumerated() {
                let shift = UInt64(offset % 8 * 8)
                if offset < 8 {
                    pattern.words.0 |= UInt64(byte) << shift
                    pattern.masks.0 |= 0xFF << shift
                } else {
                    pattern.words.1 |= UInt64(byte) << shift
                    pattern.masks.1 |= 0xFF << shift
                }
            }
            return pattern
        }

        /// Returns the length of the pattern at `position` when the 16 bytes at `pointer`
        /// start with it, and nil otherwise.
        @inline(__always)
        func matchedLength(_ position: Int, at pointer: UnsafePointer<UInt8>) -> Int? {
            let pattern = patterns[position]
            let raw = UnsafeRawPointer(pointer)
            let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            guard (first ^ pattern.words.0) & pattern.masks.0 | (second ^ pattern.words.1) & pattern.masks.1 == 0 else {
                return nil
            }
            return pattern.length
        }
    }

    static let recordKeys = KeySet([
        TraceWireNames.Key.type, TraceWireNames.Key.step, TraceWireNames.Key.time, TraceWireNames.Key.loss,
        TraceWireNames.Key.reward, TraceWireNames.Key.baseline, TraceWireNames.Key.groups,
    ])

    static let groupKeys = KeySet([
        TraceWireNames.Key.scale, TraceWireNames.Key.clip, TraceWireNames.Key.dampen, TraceWireNames.Key.gradientNorm,
    ])

    /// Scans a key and the colon and whitespace after it, and returns the key's position
    /// in `keys`, or nil for a key that is not in it.
    ///
    /// The key at `expected` is tried first with a word comparison. Any other key is
    /// scanned in full, so keys in another order or with spaces before the colon decode
    /// the same, only slower.
    @inline(__always)
    mutating func scanKey(in keys: KeySet, expected: Int) throws(Fallback) -> Int? {
        if expected < keys.count, endIndex - index >= 16, let length = keys.matchedLength(expected, at: base + index) {
            index += length
            skipWhitespace()
            return expected
        }

        let key = try scanKey()
        for position in 0..<keys.count where matches(key, keys.names[position]) {
            return position
        }
        return nil
    }
}
