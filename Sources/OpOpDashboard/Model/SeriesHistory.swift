/// The bounded history of one series: recent raw values plus a whole-run summary.
///
/// Steps only move forwards inside a series. A value at a step at or before the latest
/// one replaces that part of the history: everything from that step on is removed
/// first, the way a run resumed from an earlier checkpoint overwrites the steps it
/// repeats. Charts therefore never draw a line backwards.
public struct SeriesHistory: Sendable {
    private var recent: RecentRing
    private var summary: BucketSummary
    /// True while `recent` still contains every value since the series (re)started.
    private var recentIsComplete = true

    /// Number of NaN or infinite values ever appended, including removed ones.
    public private(set) var nonFiniteCount = 0
    public private(set) var firstStep: Int?
    public private(set) var latestStep: Int?
    public private(set) var latestValue: Double?

    /// Creates an empty history keeping `recentCapacity` raw values and a summary of at
    /// most `summaryCapacity` buckets.
    public init(recentCapacity: Int = 4096, summaryCapacity: Int = 512) {
        recent = RecentRing(capacity: recentCapacity)
        summary = BucketSummary(capacity: summaryCapacity)
    }

    public var isEmpty: Bool { latestStep == nil }

    /// The raw values kept, at most the recent capacity.
    public var recentCount: Int { recent.count }

    /// Buckets in the whole-run summary, at most the summary capacity.
    public var summaryBucketCount: Int { summary.buckets.count }

    /// Steps per summary bucket, doubled each time the summary fills up.
    public var summaryBucketWidth: Int { summary.bucketWidth }

    /// The whole-run summary buckets, oldest first.
    var summaryBuckets: [ColumnSummary] { summary.buckets }

    /// An estimate of the heap memory this history uses at full capacity, in bytes.
    public var capacityInBytes: Int {
        recent.capacity * (MemoryLayout<Int>.stride + MemoryLayout<Double>.stride)
            + summary.capacity * MemoryLayout<ColumnSummary>.stride
    }

    /// Appends a value. A step at or before the latest step first removes the history
    /// from that step on.
    public mutating func append(step: Int, value: Double) {
        if let latestStep, step <= latestStep {
            removeSteps(from: step)
        }

        if recent.append(step: step, value: value) {
            recentIsComplete = false
        }
        summary.add(step: step, value: value)

        if !value.isFinite { nonFiniteCount += 1 }
        if firstStep == nil { firstStep = step }
        latestStep = step
        latestValue = value
    }

    /// Removes every value at `step` or later.
    ///
    /// The summary bucket that contains `step` is rebuilt from the recent values when
    /// they still cover it. NOTE: a rewind further back than the recent capacity keeps
    /// that one bucket whole, so it may still include values of the removed steps.
    public mutating func removeSteps(from step: Int) {
        guard let latestStep, step <= latestStep else { return }

        if let firstStep, step <= firstStep {
            removeAll()
            return
        }

        recent.removeSteps(from: step)

        if let partial = summary.removeSteps(from: step) {
            if let refill = summaryFromRecent(steps: partial.keptSteps) {
                summary.replaceLastBucket(with: refill)
            } else {
                summary.replaceLastBucket(with: partial.previous)
            }
        }

        if let last = recent.last {
            self.latestStep = last.step
            latestValue = last.value
        } else {
            // Every recent value was removed; older values live on only in the summary.
            self.latestStep = step - 1
            latestValue = nil
        }
    }

    public mutating func removeAll() {
        recent.removeAll()
        summary.removeAll()
        recentIsComplete = true
        firstStep = nil
        latestStep = nil
        latestValue = nil
    }

    /// Summarises the series into the columns of `mapping`. A column without values is nil.
    ///
    /// Columns whose steps the recent values fully cover are computed from raw values,
    /// and older columns from the whole-run summary. A summary bucket wider than a column
    /// contributes to every column it overlaps. When a column spans
    /// at least one bucket, every column comes from the summary, because raw values would
    /// cost more time and change a column by at most a bucket at each edge.
    func columns(_ mapping: ColumnMapping) -> [ColumnSummary?] {
        var result = [ColumnSummary?](repeating: nil, count: mapping.count)
        guard !isEmpty, mapping.count > 0 else { return result }

        let rawStart = firstRawColumn(mapping)
        if rawStart > 0 {
            let lastSummaryStep = mapping.firstStep(ofColumn: rawStart) - 1
            addSummary(to: &result, mapping: mapping, through: lastSummaryStep)
        }
        if rawStart < mapping.count {
            addRecent(to: &result, mapping: mapping, from: mapping.firstStep(ofColumn: rawStart))
        }
        return result
    }

    /// Returns the first column whose steps all lie inside the recent values' coverage.
    private func firstRawColumn(_ mapping: ColumnMapping) -> Int {
        if mapping.span / mapping.count >= summary.bucketWidth, summary.origin != nil {
            return mapping.count
        }
        if recentIsComplete { return 0 }
        guard let oldest = recent.first?.step else { return mapping.count }
        if oldest <= mapping.steps.lowerBound { return 0 }
        if oldest > mapping.steps.upperBound { return mapping.count }

        var column = mapping.column(of: oldest)
        if mapping.firstStep(ofColumn: column) < oldest { column += 1 }
        return column
    }

    private func addSummary(to result: inout [ColumnSummary?], mapping: ColumnMapping, through lastStep: Int) {
        guard let origin = summary.origin, !summary.buckets.isEmpty, lastStep >= origin else { return }

        let width = summary.bucketWidth
        let low = mapping.steps.lowerBound
        let firstBucket = max(0, (low - origin) / width)
        let lastBucket = min(summary.buckets.count - 1, (lastStep - origin) / width)
        guard firstBucket <= lastBucket else { return }

        // Buckets and columns both advance left to right, so the column of each bucket
        // is found by moving past column boundaries instead of dividing per bucket, and
        // each column is accumulated locally and stored once.
        var column = mapping.column(of: max(origin + firstBucket * width, low))
        var nextColumnStart = mapping.firstStep(ofColumn: column + 1)
        var accumulator = ColumnSummary()

        summary.buckets.withUnsafeBufferPointer { buckets in
            for index in firstBucket...lastBucket {
                let start = max(origin + index * width, low)
                let end = min(origin + (index + 1) * width - 1, lastStep)
                let bucket = buckets[index]

                while start >= nextColumnStart && column + 1 < mapping.count {
                    store(accumulator, at: column, into: &result)
                    accumulator = ColumnSummary()
                    column += 1
                    nextColumnStart = mapping.firstStep(ofColumn: column + 1)
                }
                accumulator.merge(bucket)

                // A bucket wider than a column also fills the columns it reaches into.
                while end >= nextColumnStart && column + 1 < mapping.count {
                    store(accumulator, at: column, into: &result)
                    accumulator = bucket
                    column += 1
                    nextColumnStart = mapping.firstStep(ofColumn: column + 1)
                }
            }
        }
        store(accumulator, at: column, into: &result)
    }

    private func store(_ summary: ColumnSummary, at column: Int, into result: inout [ColumnSummary?]) {
        guard !summary.isEmpty else { return }

        if result[column] == nil {
            result[column] = summary
        } else {
            result[column]!.merge(summary)
        }
    }

    private func addRecent(to result: inout [ColumnSummary?], mapping: ColumnMapping, from firstStep: Int) {
        let high = mapping.steps.upperBound

        recent.withSegments(from: max(firstStep, mapping.steps.lowerBound)) { steps, values, segments in
            for segment in segments {
                var index = segment.lowerBound
                while index < segment.upperBound {
                    let step = steps[index]
                    if step > high { return }

                    // Sum one column's run of values in local variables, then store it once.
                    let column = mapping.column(of: step)
                    let columnEnd = min(mapping.firstStep(ofColumn: column + 1) - 1, high)
                    var minimum = Double.infinity
                    var maximum = -Double.infinity
                    var sum = 0.0
                    var finiteCount = 0
                    var nonFiniteCount = 0
                    while index < segment.upperBound && steps[index] <= columnEnd {
                        let value = values[index]
                        if value.isFinite {
                            minimum = Swift.min(minimum, value)
                            maximum = Swift.max(maximum, value)
                            sum += value
                            finiteCount += 1
                        } else {
                            nonFiniteCount += 1
                        }
                        index += 1
                    }

                    var summary = ColumnSummary()
                    summary.sum = sum
                    summary.finiteCount = finiteCount
                    summary.nonFiniteCount = nonFiniteCount
                    if finiteCount > 0 {
                        summary.minimum = minimum
                        summary.maximum = maximum
                    }
                    store(summary, at: column, into: &result)
                }
            }
        }
    }

    /// Summarises the recent values in `steps`, or returns nil when they do not cover
    /// all of it.
    private func summaryFromRecent(steps: ClosedRange<Int>) -> ColumnSummary? {
        guard recentIsComplete || (recent.first.map { $0.step <= steps.lowerBound } ?? false) else {
            return nil
        }

        var result = ColumnSummary()
        var index = recent.firstIndex(atOrAfter: steps.lowerBound)
        while index < recent.count, recent.step(at: index) <= steps.upperBound {
            result.add(recent.value(at: index))
            index += 1
        }
        return result
    }
}
