/// The most recent (step, value) pairs of a series, oldest first, in a fixed-capacity
/// circular buffer. Steps are strictly increasing, which `SeriesHistory` ensures.
struct RecentRing: Sendable {
    let capacity: Int
    private var steps: [Int] = []
    private var values: [Double] = []
    /// Index of the oldest pair once the buffer is full.
    private var head = 0

    init(capacity: Int) {
        // Storage grows with use instead of being reserved, so idle series stay small.
        self.capacity = max(1, capacity)
    }

    var count: Int { steps.count }
    var isEmpty: Bool { steps.isEmpty }

    func step(at index: Int) -> Int { steps[physical(index)] }
    func value(at index: Int) -> Double { values[physical(index)] }

    var first: (step: Int, value: Double)? {
        isEmpty ? nil : (step(at: 0), value(at: 0))
    }

    var last: (step: Int, value: Double)? {
        isEmpty ? nil : (step(at: count - 1), value(at: count - 1))
    }

    /// Appends a pair and returns true when it evicted the oldest one.
    @discardableResult
    mutating func append(step: Int, value: Double) -> Bool {
        if steps.count < capacity {
            steps.append(step)
            values.append(value)
            return false
        }
        steps[head] = step
        values[head] = value
        head = (head + 1) % capacity
        return true
    }

    /// Removes the pairs whose step is `step` or later.
    mutating func removeSteps(from step: Int) {
        let keep = firstIndex(atOrAfter: step)
        guard keep < count else { return }

        var keptSteps: [Int] = []
        var keptValues: [Double] = []
        keptSteps.reserveCapacity(capacity)
        keptValues.reserveCapacity(capacity)
        for index in 0..<keep {
            keptSteps.append(self.step(at: index))
            keptValues.append(value(at: index))
        }
        steps = keptSteps
        values = keptValues
        head = 0
    }

    mutating func removeAll() {
        steps.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Returns the index of the first pair whose step is `step` or later, or `count`.
    func firstIndex(atOrAfter step: Int) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self.step(at: middle) < step {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// Calls `body` with the step and value buffers and the physical index ranges that
    /// hold the pairs from the first one at `step` or later, oldest first. Chart queries
    /// scan thousands of values per frame, so they walk these ranges directly.
    func withSegments<Result>(
        from step: Int,
        _ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Double>, [Range<Int>]) -> Result
    ) -> Result {
        let start = firstIndex(atOrAfter: step)
        var segments: [Range<Int>] = []
        if start < count {
            // Logical order is physical head..<capacity, then 0..<head once the buffer wrapped.
            let first = physical(start)
            if head == 0 {
                segments = [first..<count]
            } else if first >= head {
                segments = [first..<capacity, 0..<head]
            } else {
                segments = [first..<head]
            }
        }

        return steps.withUnsafeBufferPointer { steps in
            values.withUnsafeBufferPointer { values in
                body(steps, values, segments)
            }
        }
    }

    private func physical(_ index: Int) -> Int {
        let position = head + index
        return position < capacity ? position : position - capacity
    }
}
