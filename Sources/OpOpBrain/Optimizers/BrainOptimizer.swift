/// A base optimizer under the control of a brain.
///
/// Each step runs, per group: the brain's decision, the gradient norm, clipping to the
/// brain's norm ceiling, the base optimizer's update Δ, dampening, scaling, and θ ← θ − Δ.
/// At neutral knobs the clipping, dampening and scaling are skipped, so a neutral brain
/// leaves the base optimizer's trajectory bit for bit unchanged.
///
/// Not thread-safe: one thread owns the optimizer, its brain and the groups during a step.
public final class BrainOptimizer {
    public let base: BaseOptimizer
    public let brain: Brain

    /// Parameter counts per group, fixed at the first step.
    private var groupSizes: [Int] = []
    /// The base optimizer's update of the current step, per group.
    private var freshUpdates: [[Float]] = []
    /// The dampened update ū of the latest step per group, which is the dampening filter's state.
    private var smoothedUpdates: [[Float]] = []
    /// Room for a clipped copy of the gradient, so the group's own gradient stays as the model wrote it.
    private var clippedGradients: [[Float]] = []

    public init(base: BaseOptimizer, brain: Brain) {
        self.base = base
        self.brain = brain
    }

    /// Takes one step on `groups` given the loss at their current values.
    ///
    /// A group whose gradient has a NaN or an infinity is left unchanged for this step and
    /// reported in `skippedGroups`. A non-finite loss is not learned from, but the groups
    /// with finite gradients still take their step. Throws `OptimizerError` before changing anything when
    /// the groups do not match the brain's group count, a gradient's count differs from its
    /// group's, or a group's size changed since the first step.
    public func step(_ groups: [ParameterGroup], loss: Double) throws -> StepReport {
        try prepareBuffers(for: groups)

        let knobs = brain.decide(loss: loss)
        var gradientNorms = [Float](repeating: 0, count: groups.count)
        var clipped = [Bool](repeating: false, count: groups.count)
        var skippedGroups: [Int] = []

        for (index, group) in groups.enumerated() {
            let norm = group.gradient.withUnsafeBufferPointer { VectorMath.sumOfSquares($0) }.squareRoot()
            gradientNorms[index] = Float(norm)

            let ceiling = brain.normCeiling(group: index)
            group.gradient.withUnsafeBufferPointer { gradient in
                brain.recordGradient(group: index, gradient: gradient, norm: norm)
            }
            guard norm.isFinite else {
                skippedGroups.append(index)
                continue
            }

            if let ceiling, norm > Double(ceiling) {
                clipGradient(of: group, index: index, factor: Float(Double(ceiling) / norm))
                clipped[index] = true
            }
            computeUpdate(for: group, index: index, useClippedGradient: clipped[index])
            dampenUpdate(index: index, dampen: knobs[index].dampen)
            applyUpdate(to: group, index: index, scale: knobs[index].scale)
        }

        brain.finishStep()
        let status = brain.status
        return StepReport(
            step: status.step, loss: loss, reward: status.lastReward, baseline: status.baseline,
            knobs: knobs, gradientNorms: gradientNorms, clipped: clipped, skippedGroups: skippedGroups,
            brainUpdated: brain.didUpdatePolicy, badValue: !loss.isFinite || !skippedGroups.isEmpty)
    }

    /// Resets group `group` in the brain (see `Brain.reset(group:)`) and clears its dampening
    /// state, so its next update is the base optimizer's own. Throws
    /// `BrainError.groupIndexOutOfRange` for an index outside the brain's groups.
    public func reset(group: Int) throws {
        try brain.reset(group: group)
        if smoothedUpdates.indices.contains(group) {
            clearSmoothedUpdate(group)
        }
    }

    /// Resets every group as `reset(group:)` does.
    public func resetAll() {
        brain.resetAll()
        for group in smoothedUpdates.indices {
            clearSmoothedUpdate(group)
        }
    }

    // MARK: - Step parts

    private func prepareBuffers(for groups: [ParameterGroup]) throws {
        guard groups.count == brain.groupCount else {
            throw OptimizerError.groupCountMismatch(expected: brain.groupCount, actual: groups.count)
        }
        try validateGradientCounts(groups)

        if groupSizes.isEmpty {
            groupSizes = groups.map(\.count)
            freshUpdates = groupSizes.map { [Float](repeating: 0, count: $0) }
            smoothedUpdates = freshUpdates
            clippedGradients = freshUpdates
            return
        }
        for (index, group) in groups.enumerated() where group.count != groupSizes[index] {
            throw OptimizerError.groupSizeChanged(group: group.name, previous: groupSizes[index], current: group.count)
        }
    }

    private func clipGradient(of group: ParameterGroup, index: Int, factor: Float) {
        group.gradient.withUnsafeBufferPointer { gradient in
            clippedGradients[index].withUnsafeMutableBufferPointer { clipped in
                for element in 0..<gradient.count {
                    clipped[element] = gradient[element] * factor
                }
            }
        }
    }

    private func computeUpdate(for group: ParameterGroup, index: Int, useClippedGradient: Bool) {
        let base = self.base
        group.values.withUnsafeBufferPointer { values in
            freshUpdates[index].withUnsafeMutableBufferPointer { update in
                if useClippedGradient {
                    clippedGradients[index].withUnsafeBufferPointer { gradient in
                        base.computeUpdate(group: index, parameters: values, gradient: gradient, update: update)
                    }
                } else {
                    group.gradient.withUnsafeBufferPointer { gradient in
                        base.computeUpdate(group: index, parameters: values, gradient: gradient, update: update)
                    }
                }
            }
        }
    }

    /// Writes ū_t = (1 − d)·u_t + d·ū_{t−1} into `smoothedUpdates[index]`. At d = 0 the
    /// fresh update becomes ū_t by swapping buffers, without arithmetic.
    private func dampenUpdate(index: Int, dampen: Float) {
        guard dampen > 0 else {
            swap(&freshUpdates[index], &smoothedUpdates[index])
            return
        }

        let keep = 1 - dampen
        freshUpdates[index].withUnsafeBufferPointer { fresh in
            smoothedUpdates[index].withUnsafeMutableBufferPointer { smoothed in
                for element in 0..<fresh.count {
                    smoothed[element] = keep * fresh[element] + dampen * smoothed[element]
                }
            }
        }
    }

    private func applyUpdate(to group: ParameterGroup, index: Int, scale: Float) {
        smoothedUpdates[index].withUnsafeBufferPointer { update in
            group.values.withUnsafeMutableBufferPointer { values in
                if scale == 1 {
                    ParameterUpdate.subtract(update, from: values)
                } else {
                    ParameterUpdate.subtract(update, scaledBy: scale, from: values)
                }
            }
        }
    }

    private func clearSmoothedUpdate(_ group: Int) {
        for element in smoothedUpdates[group].indices {
            smoothedUpdates[group][element] = 0
        }
    }
}
