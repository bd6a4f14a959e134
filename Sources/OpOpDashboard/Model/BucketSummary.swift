/// A whole-run summary of a series in at most `capacity` buckets of equal step width.
///
/// Bucket `i` covers steps `origin + i * bucketWidth ..< origin + (i + 1) * bucketWidth`.
/// When a step falls past the last bucket, neighbouring buckets are merged in pairs and
/// the width doubles. Memory therefore stays at `capacity` buckets for any run length,
/// and the whole run always spans between `capacity / 2` and `capacity` buckets.
struct BucketSummary: Sendable {
    let capacity: Int
    private(set) var origin: Int?
    private(set) var bucketWidth = 1
    private(set) var buckets: [ColumnSummary] = []

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    mutating func add(step: Int, value: Double) {
        if origin == nil || step < origin! {
            // A step before the origin only happens after a rewind cleared everything.
            removeAll()
            origin = step
        }

        var index = (step - origin!) / bucketWidth
        while index >= capacity {
            halveResolution()
            index = (step - origin!) / bucketWidth
        }
        if index >= buckets.count {
            buckets.append(contentsOf: repeatElement(ColumnSummary(), count: index - buckets.count + 1))
        }
        buckets[index].add(value)
    }

    /// Returns the steps bucket `index` covers.
    func steps(ofBucket index: Int) -> ClosedRange<Int> {
        let start = origin! + index * bucketWidth
        return start...(start + bucketWidth - 1)
    }

    /// Drops every bucket that starts at `step` or later and empties the bucket that
    /// contains `step`. Returns the steps of that bucket before `step` and its former
    /// contents, so the caller can refill it exactly or restore it, or nil when no
    /// bucket was left partly filled.
    mutating func removeSteps(from step: Int) -> (keptSteps: ClosedRange<Int>, previous: ColumnSummary)? {
        guard let origin else { return nil }
        guard step > origin else {
            removeAll()
            return nil
        }

        let index = (step - origin) / bucketWidth
        guard index < buckets.count else { return nil }

        let start = steps(ofBucket: index).lowerBound
        guard step > start else {
            buckets.removeSubrange(index...)
            return nil
        }

        buckets.removeSubrange((index + 1)...)
        let previous = buckets[index]
        buckets[index] = ColumnSummary()
        return (start...(step - 1), previous)
    }

    /// Replaces the contents of the last bucket, used to refill it after a rewind.
    mutating func replaceLastBucket(with summary: ColumnSummary) {
        guard !buckets.isEmpty else { return }
        buckets[buckets.count - 1] = summary
    }

    mutating func removeAll() {
        origin = nil
        bucketWidth = 1
        buckets.removeAll(keepingCapacity: true)
    }

    private mutating func halveResolution() {
        var merged: [ColumnSummary] = []
        merged.reserveCapacity(capacity)
        var index = 0
        while index < buckets.count {
            var pair = buckets[index]
            if index + 1 < buckets.count {
                pair.merge(buckets[index + 1])
            }
            merged.append(pair)
            index += 2
        }
        buckets = merged
        bucketWidth *= 2
    }
}
