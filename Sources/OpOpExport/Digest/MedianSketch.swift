import Foundation

/// A median of a stream of finite values, kept in bounded memory.
///
/// The first `exactCapacity` values are stored, so a stream of at most that many values
/// gets its exact median. Every value also goes into a log-bucket histogram: bucket `i`
/// contains the values whose magnitude lies in (γ^(i-1), γ^i], and it is read back as the value
/// 2γ^i / (γ + 1). A value read back from a bucket is then within a relative error
/// α = (γ - 1) / (γ + 1) of every value in it, so past `exactCapacity` values the median
/// is within α of a true middle value (relative to that value; zero is counted exactly).
/// α starts at `initialRelativeAccuracy` (0.1%). When more than `maxBuckets` buckets are
/// in use, neighbouring buckets merge in pairs, γ becomes γ², and α roughly doubles;
/// `relativeAccuracy` reports the bound in force. Knobs span at most three decades, which
/// takes about 3,500 buckets at 0.1%, so they stay within 0.1%.
///
/// Memory: at most `exactCapacity` doubles until the stream outgrows them, then at most
/// `maxBuckets` dictionary entries.
struct MedianSketch: Sendable {
    static let exactCapacity = 2_048
    static let maxBuckets = 4_096
    static let initialRelativeAccuracy = 0.001

    /// The number of values added.
    private(set) var count = 0

    private var exactValues: [Double] = []
    private var zeroCount = 0
    private var positiveBuckets: [Int: Int] = [:]
    private var negativeBuckets: [Int: Int] = [:]
    private var logGamma: Double

    init() {
        let alpha = Self.initialRelativeAccuracy
        logGamma = log((1 + alpha) / (1 - alpha))
    }

    /// Whether `median` is exact, because every value is still stored.
    var isExact: Bool {
        count <= Self.exactCapacity
    }

    /// The relative error bound of `median` once it is no longer exact.
    var relativeAccuracy: Double {
        let gamma = exp(logGamma)
        return (gamma - 1) / (gamma + 1)
    }

    /// Adds a value; non-finite values are ignored, so count them elsewhere.
    mutating func add(_ value: Double) {
        guard value.isFinite else { return }

        count += 1
        if count <= Self.exactCapacity {
            exactValues.append(value)
        } else if !exactValues.isEmpty {
            exactValues = []
        }

        if value == 0 {
            zeroCount += 1
        } else if value > 0 {
            positiveBuckets[bucketIndex(of: value), default: 0] += 1
        } else {
            negativeBuckets[bucketIndex(of: -value), default: 0] += 1
        }

        while positiveBuckets.count + negativeBuckets.count > Self.maxBuckets {
            mergeBucketPairs()
        }
    }

    /// The median: the middle value, or the mean of the two middle values; nil when empty.
    var median: Double? {
        guard count > 0 else { return nil }

        if isExact {
            let sorted = exactValues.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }

        let lower = value(atRank: (count - 1) / 2)
        let upper = value(atRank: count / 2)
        return (lower + upper) / 2
    }

    private func bucketIndex(of magnitude: Double) -> Int {
        Int((log(magnitude) / logGamma).rounded(.up))
    }

    private func representative(ofBucket index: Int) -> Double {
        let gamma = exp(logGamma)
        return 2 * exp(Double(index) * logGamma) / (gamma + 1)
    }

    /// Returns the estimate of the value at `rank` (0-based) in ascending order.
    private func value(atRank rank: Int) -> Double {
        var seen = 0
        for index in negativeBuckets.keys.sorted(by: >) {
            seen += negativeBuckets[index] ?? 0
            if rank < seen { return -representative(ofBucket: index) }
        }

        seen += zeroCount
        if rank < seen { return 0 }

        for index in positiveBuckets.keys.sorted() {
            seen += positiveBuckets[index] ?? 0
            if rank < seen { return representative(ofBucket: index) }
        }
        return positiveBuckets.keys.max().map(representative(ofBucket:)) ?? 0
    }

    /// Halves the resolution: buckets 2j-1 and 2j of γ become bucket j of γ².
    private mutating func mergeBucketPairs() {
        logGamma *= 2
        positiveBuckets = Self.merged(positiveBuckets)
        negativeBuckets = Self.merged(negativeBuckets)
    }

    private static func merged(_ buckets: [Int: Int]) -> [Int: Int] {
        var result: [Int: Int] = [:]
        for (index, count) in buckets {
            // ceil(index / 2); Swift's division truncates toward zero, which is the
            // ceiling for negative indices.
            let merged = index > 0 ? (index + 1) / 2 : index / 2
            result[merged, default: 0] += count
        }
        return result
    }
}
