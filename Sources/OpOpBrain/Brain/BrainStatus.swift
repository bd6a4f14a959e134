/// A snapshot of the brain's counters and its latest decision, for display and tracing.
public struct BrainStatus: Sendable, Equatable {
    /// Steps finished (`finishStep` calls, counting a `decide` that finished the step before it).
    public var step: Int
    /// Policy updates taken.
    public var updates: Int
    /// Steps that had a non-finite loss or gradient and were therefore not learned from.
    public var badSteps: Int
    /// The moving average of window rewards, for display.
    public var baseline: Double
    /// The reward of the window the latest `decide` closed, or nil when it closed none or
    /// the window had a bad value.
    public var lastReward: Double?
    public var isFrozen: Bool
    /// The knobs of the current window, with its exploration noise: the ones applied.
    public var knobs: [Knobs]
    /// The knobs at the policy's mean for the latest decision, without exploration noise.
    public var meanKnobs: [Knobs]
    /// Rewarded decisions waiting for the next policy update.
    public var bufferedExperiences: Int
    /// Times the neutral guard reset the policy because it was losing to neutral probes.
    public var guardTrips: Int
}
