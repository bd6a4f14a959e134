import OpOpBrain

/// Plain SGD that applies the brain's knobs itself. It clips each group's gradient,
/// dampens the update across steps and scales it.
///
/// `BrainOptimizer` does the same for parameters held in `ParameterGroup`s. This type
/// shows the steps for a loop that keeps its parameters in its own arrays.
struct SteeredSGD {
    let learningRate: Float

    /// The dampened update ū of each group's latest step, before scaling. It is the
    /// state of the dampening filter, and it starts at zero.
    private var smoothedUpdates: [[Float]]

    init(learningRate: Float, groupSizes: [Int]) {
        self.learningRate = learningRate
        smoothedUpdates = groupSizes.map { [Float](repeating: 0, count: $0) }
    }

    /// Records group `group`'s gradient with the brain and updates `parameters` under
    /// `knobs`. Call it for every group between `brain.decide(loss:)` and
    /// `brain.finishStep()`.
    ///
    /// Returns the L2 norm of the raw gradient, before clipping. A gradient with a NaN or
    /// an infinity leaves the group's parameters and filter state unchanged, and the
    /// brain then learns nothing from this step.
    mutating func step(
        group: Int, parameters: inout [Float], gradient: [Float], knobs: Knobs, brain: Brain
    ) -> Double {
        let norm = gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        brain.recordGradient(group: group, gradient: gradient)
        guard norm.isFinite else {
            return norm
        }

        // `decide` fixed the ceiling from the norms recorded up to the previous step, so
        // recording this gradient first does not move it. There is no ceiling while the
        // clip knob is 1 or more, nor before the group has `clipWarmupSteps` (5) norms.
        var clipFactor: Float = 1
        if let ceiling = brain.normCeiling(group: group), norm > Double(ceiling) {
            clipFactor = Float(Double(ceiling) / norm)
        }

        // The base update is SGD's lr·g on the clipped gradient. The filter then keeps
        // ū = (1 − d)·u + d·ū_prev, and only the parameter step is scaled. Keeping ū
        // unscaled, as `BrainOptimizer` does, means a step's scale does not leak into
        // later steps through the filter.
        let dampen = knobs.dampen
        for index in parameters.indices {
            let update = learningRate * (gradient[index] * clipFactor)
            let smoothed = (1 - dampen) * update + dampen * smoothedUpdates[group][index]
            smoothedUpdates[group][index] = smoothed
            parameters[index] -= knobs.scale * smoothed
        }
        return norm
    }
}
