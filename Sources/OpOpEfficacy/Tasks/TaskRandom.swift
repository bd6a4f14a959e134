import OpOpBrain

/// Returns a seed for one purpose of a run, such as its initial weights or its brain,
/// so that the purposes draw unrelated streams from one run seed.
func derivedSeed(_ seed: UInt64, purpose: UInt64) -> UInt64 {
    var generator = SeededGenerator(seed: seed ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
    return generator.next()
}

extension SeededGenerator {
    /// Returns an integer in `0..<bound`, for `bound > 0`, by multiplying 64 random bits
    /// (bias below `bound / 2^64`), so the sequence does not depend on the standard library.
    mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound, got \(bound)")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Returns `count` independent normal values with mean 0 and standard deviation `deviation`.
    mutating func normals(count: Int, deviation: Double = 1) -> [Float] {
        (0..<count).map { _ in Float(nextNormal() * deviation) }
    }
}

/// Fills `rows` with row indices drawn uniformly, with replacement, from `0..<rowCount`.
func drawRows(_ rows: inout [Int], rowCount: Int, generator: inout SeededGenerator) {
    for slot in rows.indices {
        rows[slot] = generator.nextIndex(below: rowCount)
    }
}
