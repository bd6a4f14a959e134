/// The measurements of one training run.
public struct RunResult: Sendable, Encodable, Equatable {
    public var specification: RunSpecification

    /// The evaluation loss before the first step.
    public var initialLoss: Double
    /// Steps after which the run evaluated (see `RunSpecification.evaluationSteps`).
    public var evaluationSteps: [Int]
    /// The evaluation loss at each of `evaluationSteps`; +infinity from the point where the run diverged.
    public var evaluationLosses: [Double]
    /// Held-out accuracy after the last step, for tasks that report it (nil when diverged).
    public var finalAccuracy: Double?
    /// The step at which the minibatch loss became non-finite or the evaluation loss rose
    /// above `RunResult.divergenceFactor` times the initial one; nil when it never did.
    public var divergedAtStep: Int?
    /// Steps actually taken, fewer than planned when the run diverged.
    public var stepsTaken: Int
    /// Median over the steps of the brain's effective scale multiplier (see
    /// `effectiveMultiplier(scales:parameterCounts:)`) of the knobs it applied, exploration
    /// noise included. Nil without a learning brain.
    public var effectiveMultiplier: Double?
    /// Wall time of the training steps (evaluations excluded) per step, in microseconds.
    /// The only figure that differs between two runs of the same specification.
    public var microsecondsPerStep: Double

    /// Evaluation losses above this many times the initial one count as divergence.
    public static let divergenceFactor = 1e3

    public var diverged: Bool { divergedAtStep != nil }

    /// The evaluation loss after the last step, +infinity for a diverged run.
    public var finalLoss: Double { evaluationLosses.last ?? .infinity }

    /// The mean of the evaluation losses, the area under the loss curve per point.
    public var lossArea: Double { mean(evaluationLosses) }

    /// A copy with the timing zeroed, for comparing runs whose timings differ.
    public var withoutTiming: RunResult {
        var copy = self
        copy.microsecondsPerStep = 0
        return copy
    }
}
