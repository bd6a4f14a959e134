/// Controls a user or a trainer applies between steps.
extension Brain {
    /// Holds the current knobs and stops learning. Every `decide` returns the same knobs
    /// and credits no reward. Losses and gradients are still recorded, so the observation
    /// is current when the brain is unfrozen.
    public func freeze() {
        isFrozen = true
        hasPendingDecision = false
    }

    /// Resumes deciding and learning from the next `decide`.
    public func unfreeze() {
        isFrozen = false
    }

    /// Resets group `group` to exactly neutral: zeroes its rows of the policy's last layer
    /// (and their Adam moments), clears its gradient history and clip statistics, and sets
    /// its current knobs to `Knobs.neutral`. Drops the policy's unfinished batch and the
    /// pending decision, whose actions were drawn around the old means.
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
        hasPendingDecision = false
    }

    /// Resets every group as `reset(group:)` does. The loss history and the baseline stay.
    public func resetAll() {
        for group in 0..<groupCount {
            // Every index in 0..<groupCount is valid, so this cannot throw.
            try? reset(group: group)
        }
    }

    /// Drops the reward of the decision in flight, so the next loss change is not credited
    /// to it. Call it after changing the parameters or the loss outside the optimizer, such
    /// as a restart or new data.
    public func discardPendingReward() {
        hasPendingDecision = false
    }
}
