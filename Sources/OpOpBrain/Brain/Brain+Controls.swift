/// Controls a user or a trainer applies between steps.
extension Brain {
    /// Holds the current knobs and stops learning. Every `decide` returns the same knobs
    /// and credits no reward. Losses and gradients are still recorded, so the observation
    /// is current when the brain is unfrozen.
    public func freeze() {
        isFrozen = true
        abandonWindow()
    }

    /// Resumes deciding and learning: the next `decide` opens a new window.
    public func unfreeze() {
        isFrozen = false
    }

    /// Resets group `group` to exactly neutral: zeroes its rows of the policy's last layer
    /// (and their Adam moments), clears its gradient history and clip statistics, and sets
    /// its current knobs to `Knobs.neutral`. Drops the policy's unfinished batch and the
    /// window in flight, whose actions were drawn around the old means; the next `decide`
    /// opens a new window.
    ///
    /// Throws `BrainError.groupIndexOutOfRange` for an index outside `0..<groupCount`.
    public func reset(group: Int) throws {
        guard groupObservers.indices.contains(group) else {
            throw BrainError.groupIndexOutOfRange(index: group, groupCount: groupCount)
        }

        learner.resetOutputs((3 * group)..<(3 * group + 3))
        groupObservers[group].reset()
        knobs[group] = .neutral
        meanKnobs[group] = .neutral
        ceilings[group] = .infinity
        abandonWindow()
    }

    /// Resets every group as `reset(group:)` does. The loss history and the baseline stay.
    public func resetAll() {
        for group in 0..<groupCount {
            // Every index in 0..<groupCount is valid, so this cannot throw.
            try? reset(group: group)
        }
    }

    /// Drops the window in flight, so no loss change across this point is credited to a
    /// decision. Call it after changing the parameters or the loss outside the optimizer,
    /// such as a restart or new data. The next `decide` opens a new window.
    public func discardPendingReward() {
        abandonWindow()
    }
}
