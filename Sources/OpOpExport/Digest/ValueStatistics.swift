/// The range, median and bad-value count of one series, such as a group's scale.
///
/// Memory stays bounded however many values arrive; see `MedianSketch` for how exact
/// the median is.
public struct ValueStatistics: Sendable {
    /// Finite values added.
    public var count: Int {
        sketch.count
    }
    /// NaN and infinite values added; they are left out of the range and the median.
    public private(set) var nonFiniteCount = 0
    /// The smallest finite value, or nil when there is none.
    public private(set) var minimum: Double?
    /// The largest finite value, or nil when there is none.
    public private(set) var maximum: Double?

    private var sketch = MedianSketch()

    public init() {}

    /// The median of the finite values, or nil when there are none. It is the minimum
    /// itself for a constant series, and an estimate never falls outside the range.
    public var median: Double? {
        guard let minimum, let maximum, let estimate = sketch.median else { return nil }

        if minimum == maximum {
            return minimum
        }
        return Swift.min(Swift.max(estimate, minimum), maximum)
    }

    /// Whether `median` is exact; otherwise it is within `medianRelativeError`.
    public var medianIsExact: Bool {
        sketch.isExact || minimum == maximum
    }

    /// The bound on the median's relative error when it is not exact, such as 0.001.
    public var medianRelativeError: Double {
        sketch.relativeAccuracy
    }

    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFiniteCount += 1
            return
        }

        sketch.add(value)
        minimum = Swift.min(minimum ?? value, value)
        maximum = Swift.max(maximum ?? value, value)
    }
}
