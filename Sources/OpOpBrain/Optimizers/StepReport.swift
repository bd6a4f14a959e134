/// The outcome of one `BrainOptimizer.step`, per group in the order of the brain's groups.
public struct StepReport: Sendable, Equatable {
    /// Steps finished so far, this one included (1 after the first step).
    public var step: Int
    public var loss: Double
    /// The reward credited to the previous decision at this step, or nil when none was.
    public var reward: Double?
    /// The reward baseline after this step.
    public var baseline: Double
    /// The knobs applied at this step.
    public var knobs: [Knobs]
    /// The L2 norm of each group's raw gradient before clipping, NaN or infinite for a bad gradient.
    public var gradientNorms: [Float]
    /// Whether each group's gradient was rescaled to its norm ceiling.
    public var clipped: [Bool]
    /// Groups left unchanged because their gradient had a NaN or an infinity.
    public var skippedGroups: [Int]
    /// Whether the brain updated its policy at this step.
    public var brainUpdated: Bool
    /// Whether the loss or any gradient was non-finite.
    public var badValue: Bool

    public init(
        step: Int, loss: Double, reward: Double?, baseline: Double, knobs: [Knobs], gradientNorms: [Float],
        clipped: [Bool], skippedGroups: [Int], brainUpdated: Bool, badValue: Bool
    ) {
        self.step = step
        self.loss = loss
        self.reward = reward
        self.baseline = baseline
        self.knobs = knobs
        self.gradientNorms = gradientNorms
        self.clipped = clipped
        self.skippedGroups = skippedGroups
        self.brainUpdated = brainUpdated
        self.badValue = badValue
    }
}
