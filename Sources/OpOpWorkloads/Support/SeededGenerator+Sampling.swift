import OpOpBrain

extension SeededGenerator {
    /// Returns an integer in `0..<bound`, for `bound > 0`.
    ///
    /// Maps 64 random bits by multiplication (Lemire's method without the rejection step),
    /// so the bias is below `bound / 2^64`. Written here rather than calling
    /// `Int.random(in:using:)` so the sequence cannot change with the standard library.
    mutating func nextIndex(below bound: Int) -> Int {
        assert(bound > 0, "nextIndex(below:) needs a positive bound, got \(bound)")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Shuffles `elements` in place (Fisher-Yates), reproducibly for a given generator state.
    mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            elements.swapAt(i, j)
        }
    }
}
