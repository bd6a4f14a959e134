import OpOpTrace

extension RunHistory {
    /// Returns the stored history of a series, or nil for a group that never appeared.
    public func series(_ id: SeriesID) -> SeriesHistory? {
        switch id {
        case .loss: return loss
        case .lossEMA: return lossEMA
        case .reward: return reward
        case .baseline: return baseline
        case .evaluation: return evaluation
        case .scale(let group): return groups.indices.contains(group) ? groups[group].scale : nil
        case .clip(let group): return groups.indices.contains(group) ? groups[group].clip : nil
        case .dampen(let group): return groups.indices.contains(group) ? groups[group].dampen : nil
        case .gradientNorm(let group): return groups.indices.contains(group) ? groups[group].gradientNorm : nil
        }
    }

    /// Returns the latest value of a series, or nil when it has none.
    public func latestValue(of id: SeriesID) -> Double? {
        series(id)?.latestValue
    }

    /// Returns the steps a window covers, or nil before the first step record.
    ///
    /// `.last(n)` covers the latest `n` steps but never starts before the first step, so
    /// a window longer than the run shows the whole run.
    public func steps(in window: StepWindow) -> ClosedRange<Int>? {
        guard let firstStep, let latestStep, firstStep <= latestStep else { return nil }

        switch window {
        case .all:
            return firstStep...latestStep
        case .last(let length):
            let start = latestStep - max(1, length) + 1
            return max(firstStep, start)...latestStep
        }
    }

    /// Summarises a series into `count` columns spanning the window, left to right.
    ///
    /// Every series is mapped onto the same steps, so columns of different series line
    /// up. A column without values is nil. Returns an empty array when `count` is not
    /// positive.
    public func columns(of id: SeriesID, window: StepWindow, count: Int) -> [ColumnSummary?] {
        guard count > 0 else { return [] }
        guard let steps = steps(in: window), let series = series(id) else {
            return [ColumnSummary?](repeating: nil, count: count)
        }
        return series.columns(ColumnMapping(steps: steps, count: count))
    }

    /// Summarises a series into `count` columns spanning `steps`, for charts that line
    /// several runs up on the same steps.
    func columns(of id: SeriesID, steps: ClosedRange<Int>, count: Int) -> [ColumnSummary?] {
        guard count > 0 else { return [] }
        guard let series = series(id) else { return [ColumnSummary?](repeating: nil, count: count) }
        return series.columns(ColumnMapping(steps: steps, count: count))
    }

    /// Returns the markers inside `steps` with the column each falls in, oldest first.
    func markerColumns(steps: ClosedRange<Int>, count: Int) -> [(column: Int, marker: EventMarker)] {
        guard count > 0 else { return [] }

        let mapping = ColumnMapping(steps: steps, count: count)
        return markers.compactMap { marker in
            steps.contains(marker.step) ? (mapping.column(of: marker.step), marker) : nil
        }
    }

    /// Returns the markers inside the window with the column each falls in, oldest first.
    public func markerColumns(window: StepWindow, count: Int) -> [(column: Int, marker: EventMarker)] {
        guard count > 0, let steps = steps(in: window) else { return [] }

        let mapping = ColumnMapping(steps: steps, count: count)
        return markers.compactMap { marker in
            steps.contains(marker.step) ? (mapping.column(of: marker.step), marker) : nil
        }
    }

    /// An estimate of the heap memory the history may hold at full capacity, in bytes.
    public var capacityInBytes: Int {
        let groupBytes = groups.first.map { 4 * $0.scale.capacityInBytes } ?? 0
        return 5 * loss.capacityInBytes + groups.count * groupBytes
            + Self.maximumMarkers * MemoryLayout<EventMarker>.stride
    }
}
