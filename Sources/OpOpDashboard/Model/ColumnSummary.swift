/// The values of one series that fall into one chart column (or one summary bucket).
///
/// `minimum`, `maximum` and `mean` cover finite values only and are NaN when
/// `finiteCount` is 0. Non-finite values (NaN, infinities) are only counted, so a
/// chart can mark them without letting them stretch its axis.
public struct ColumnSummary: Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double
    public var sum: Double
    public var finiteCount: Int
    public var nonFiniteCount: Int

    /// Creates an empty summary, ready to accumulate values.
    public init() {
        minimum = .nan
        maximum = .nan
        sum = 0
        finiteCount = 0
        nonFiniteCount = 0
    }

    public init(minimum: Double, maximum: Double, mean: Double, finiteCount: Int, nonFiniteCount: Int = 0) {
        self.minimum = minimum
        self.maximum = maximum
        self.sum = mean * Double(finiteCount)
        self.finiteCount = finiteCount
        self.nonFiniteCount = nonFiniteCount
    }

    public var mean: Double { finiteCount > 0 ? sum / Double(finiteCount) : .nan }
    public var hasFiniteValues: Bool { finiteCount > 0 }
    public var isEmpty: Bool { finiteCount == 0 && nonFiniteCount == 0 }

    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFiniteCount += 1
            return
        }
        if finiteCount == 0 {
            minimum = value
            maximum = value
        } else {
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }
        sum += value
        finiteCount += 1
    }

    public mutating func merge(_ other: ColumnSummary) {
        if other.finiteCount > 0 {
            if finiteCount == 0 {
                minimum = other.minimum
                maximum = other.maximum
            } else {
                minimum = Swift.min(minimum, other.minimum)
                maximum = Swift.max(maximum, other.maximum)
            }
            sum += other.sum
            finiteCount += other.finiteCount
        }
        nonFiniteCount += other.nonFiniteCount
    }
}
