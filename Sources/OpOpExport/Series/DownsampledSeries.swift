/// A series of values by step, reduced to a bounded number of buckets that keep each
/// bucket's minimum and maximum, so spikes survive downsampling.
///
/// Bucket `i` covers the steps `i * width ..< (i + 1) * width`. The width starts at 1
/// and doubles, merging buckets in pairs, whenever more than `maxBuckets` are in use, so
/// memory stays bounded however long the run. Drawing a bucket's minimum and maximum in
/// step order gives at most `2 * maxBuckets` points.
///
/// NaN and infinities do not enter the minimum and maximum. Each bucket remembers the
/// first step of each kind of non-finite value, so a chart can mark it.
public struct DownsampledSeries: Sendable {
    public struct Bucket: Sendable, Equatable {
        public var index: Int
        /// The finite extremes and their steps; nil when the bucket has no finite value.
        public var minimum: (step: Int, value: Double)? {
            get { finiteCount > 0 ? (minimumStep, minimumValue) : nil }
        }
        public var maximum: (step: Int, value: Double)? {
            get { finiteCount > 0 ? (maximumStep, maximumValue) : nil }
        }
        public var finiteCount = 0
        public var nanStep: Int?
        public var positiveInfinityStep: Int?
        public var negativeInfinityStep: Int?

        var minimumStep = 0
        var minimumValue = 0.0
        var maximumStep = 0
        var maximumValue = 0.0

        init(index: Int) {
            self.index = index
        }

        mutating func add(step: Int, value: Double) {
            if value.isNaN {
                nanStep = min(nanStep ?? step, step)
            } else if value == .infinity {
                positiveInfinityStep = min(positiveInfinityStep ?? step, step)
            } else if value == -.infinity {
                negativeInfinityStep = min(negativeInfinityStep ?? step, step)
            } else if finiteCount == 0 {
                finiteCount = 1
                (minimumStep, minimumValue, maximumStep, maximumValue) = (step, value, step, value)
            } else {
                finiteCount += 1
                if value < minimumValue { (minimumStep, minimumValue) = (step, value) }
                if value > maximumValue { (maximumStep, maximumValue) = (step, value) }
            }
        }

        mutating func merge(_ other: Bucket) {
            let combinedCount = finiteCount + other.finiteCount
            if let minimum = other.minimum { add(step: minimum.step, value: minimum.value) }
            if let maximum = other.maximum { add(step: maximum.step, value: maximum.value) }
            finiteCount = combinedCount
            nanStep = [nanStep, other.nanStep].compactMap { $0 }.min()
            positiveInfinityStep = [positiveInfinityStep, other.positiveInfinityStep].compactMap { $0 }.min()
            negativeInfinityStep = [negativeInfinityStep, other.negativeInfinityStep].compactMap { $0 }.min()
        }

        public static func == (lhs: Bucket, rhs: Bucket) -> Bool {
            lhs.index == rhs.index && lhs.finiteCount == rhs.finiteCount
                && lhs.minimumStep == rhs.minimumStep && lhs.minimumValue == rhs.minimumValue
                && lhs.maximumStep == rhs.maximumStep && lhs.maximumValue == rhs.maximumValue
                && lhs.nanStep == rhs.nanStep && lhs.positiveInfinityStep == rhs.positiveInfinityStep
                && lhs.negativeInfinityStep == rhs.negativeInfinityStep
        }
    }

    public static let defaultMaxBuckets = 1_000

    public let maxBuckets: Int
    /// Steps per bucket, a power of two.
    public private(set) var width = 1
    /// Buckets in ascending index order; steps with no value have no bucket.
    public private(set) var buckets: [Bucket] = []

    public init(maxBuckets: Int = defaultMaxBuckets) {
        self.maxBuckets = max(1, maxBuckets)
    }

    public var isEmpty: Bool {
        buckets.isEmpty
    }

    /// The smallest and largest finite values, or nil when there are none.
    public var finiteRange: ClosedRange<Double>? {
        var lowest = Double.infinity
        var highest = -Double.infinity
        for bucket in buckets {
            if let minimum = bucket.minimum { lowest = min(lowest, minimum.value) }
            if let maximum = bucket.maximum { highest = max(highest, maximum.value) }
        }
        return lowest <= highest ? lowest...highest : nil
    }

    /// The smallest finite value above zero, for a log scale.
    public var smallestPositive: Double? {
        var smallest: Double?
        for bucket in buckets {
            for candidate in [bucket.minimum?.value, bucket.maximum?.value].compactMap({ $0 }) where candidate > 0 {
                smallest = min(smallest ?? candidate, candidate)
            }
        }
        return smallest
    }

    /// Adds a value; `step` must not be below the latest step unless `forget(from:)` came first.
    public mutating func add(step: Int, value: Double) {
        let index = max(0, step) / width
        if let last = buckets.last, last.index >= index {
            // Steps arrive in order, so this is the last bucket; an older step without
            // a rewind lands there too rather than reordering the buckets.
            buckets[buckets.count - 1].add(step: step, value: value)
            return
        }

        var bucket = Bucket(index: index)
        bucket.add(step: step, value: value)
        buckets.append(bucket)
        if buckets.count > maxBuckets {
            buckets = Self.merged(buckets, factor: 2)
            width *= 2
        }
    }

    /// Records that `step` has no value, such as a step without a reward, so a chart
    /// breaks its line there instead of bridging the gap.
    public mutating func addMissing(step: Int) {
        let index = max(0, step) / width
        guard buckets.last.map({ $0.index < index }) ?? false else { return }

        buckets.append(Bucket(index: index))
        if buckets.count > maxBuckets {
            buckets = Self.merged(buckets, factor: 2)
            width *= 2
        }
    }

    /// Drops the buckets that start at or after `step`, for a step that went back.
    ///
    /// NOTE: a bucket that starts before `step` but reaches past it is kept whole, so
    /// once the width is above 1 the replaced steps' extremes can stay in that one bucket.
    public mutating func forget(from step: Int) {
        while let last = buckets.last, last.index * width >= step {
            buckets.removeLast()
        }
    }

    /// Returns the buckets merged so that at most `limit` remain, for a narrow chart.
    public func buckets(atMost limit: Int) -> [Bucket] {
        guard let first = buckets.first, let last = buckets.last else { return [] }

        var factor = 1
        while (last.index / factor) - (first.index / factor) + 1 > max(1, limit) {
            factor *= 2
        }
        return factor == 1 ? buckets : Self.merged(buckets, factor: factor)
    }

    private static func merged(_ buckets: [Bucket], factor: Int) -> [Bucket] {
        var result: [Bucket] = []
        for bucket in buckets {
            let index = bucket.index / factor
            if result.last?.index == index {
                result[result.count - 1].merge(bucket)
            } else {
                var copy = bucket
                copy.index = index
                result.append(copy)
            }
        }
        return result
    }
}
