/// A snapshot of the brain's counters and its latest decision, for display and tracing.
public struct BrainStatus: Sendable, Equatable {
    /// Steps finished (`finishStep` calls, counting a `decide` that finished the step before it).
    public var step: Int
    /// Policy updates taken.
    public var updates: Int
    /// Steps that had a non-finite loss or gradient and were therefore not learned from.
    public var badSteps: Int
    /// The moving average of rewards that advantages are measured against.
    public var baseline: Double
    /// The reward credited by the latest `decide`, or nil when it credited none (first step,
    /// frozen, a bad value on either side, or a discarded reward).
    public var lastReward: Double?
    public var isFrozen: Bool
    /// The knobs of the latest decision with exploration noise, which are the ones applied.
    public var knobs: [Knobs]
    /// The knobs at the policy's mean for the latest decision, without exploration noise.
    public var meanKnobs: [Knobs]
    /// Rewarded decisions waiting for the next policy update.
    public var bufferedExperiences: Int
}
