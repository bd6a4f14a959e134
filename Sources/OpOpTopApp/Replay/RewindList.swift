/// The places where a trace goes back, so that seeks and playback follow the run's
/// final timeline.
///
/// A step record at or before the latest step replaces the history from its step on
/// (a resumed trainer), and a header of another run replaces all of it. A step record
/// is therefore replaced when a later rewind goes back to its step or before. A seek
/// to a step reads replaced records into the history, where the rewind forgets them,
/// so a seek to step 700 of a trace with steps 1–800 and then 500–1100 shows the
/// second pass's step 700, and playback from step 400 goes on at the second pass's
/// step 500.
struct RewindList: Sendable, Equatable {
    /// Rewind positions (where the rewinding record starts), ascending.
    private(set) var positions: [Int] = []
    /// `suffixMinimumSteps[i]` is the lowest step any rewind from `i` on goes back to.
    /// `Int.min` stands for a header that starts another run.
    private var suffixMinimumSteps: [Int] = []

    var isEmpty: Bool { positions.isEmpty }
    var count: Int { positions.count }

    /// Adds a rewind to `step` by the record at `position`, which must be after every
    /// rewind already added.
    mutating func add(position: Int, step: Int) {
        precondition(positions.last.map { $0 < position } ?? true, "rewind at \(position) is not after \(positions.last ?? 0)")

        positions.append(position)
        suffixMinimumSteps.append(step)
        // Earlier suffix minimums only ever fall, and stop falling at the first one
        // already at or below `step`.
        var index = suffixMinimumSteps.count - 2
        while index >= 0 && suffixMinimumSteps[index] > step {
            suffixMinimumSteps[index] = step
            index -= 1
        }
    }

    /// Returns the lowest step that a rewind at `position` or later goes back to, or
    /// nil when no rewind comes at or after `position`.
    func lowestRewindStep(atOrAfter position: Int) -> Int? {
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < position {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < positions.count ? suffixMinimumSteps[low] : nil
    }

    /// Returns true when a rewind after `position` goes back to `step` or before, so it
    /// replaces a record at `position` with `step` or any later step.
    func isReplaced(position: Int, step: Int) -> Bool {
        guard let lowest = lowestRewindStep(atOrAfter: position + 1) else { return false }
        return lowest <= step
    }

    /// Returns true when reading on from a history whose latest step is `latestStep`,
    /// with the next record at `position`, reaches `target` in the final timeline.
    ///
    /// That holds when the history has no step after `target`, or when a rewind at
    /// `position` or later goes back to `target` or before and so forgets those steps.
    func canReadOn(from position: Int, latestStep: Int?, to target: Int) -> Bool {
        guard let latestStep, latestStep > target else { return true }
        guard let lowest = lowestRewindStep(atOrAfter: position) else { return false }
        return lowest <= target
    }
}
