import OpOpTrace

/// Names one series of a run's history.
public enum SeriesID: Sendable, Hashable {
    /// The training loss of each step, NaN or infinite at bad steps.
    case loss
    /// The exponential moving average of the finite training losses.
    case lossEMA
    /// The REINFORCE reward credited at each step.
    case reward
    /// The brain's reward baseline after each step.
    case baseline
    /// The first metric of each evaluation record, such as held-out accuracy.
    case evaluation
    case scale(group: Int)
    case clip(group: Int)
    case dampen(group: Int)
    case gradientNorm(group: Int)
}

/// Whether the brain is updating its policy or holding it fixed, or whether the run has
/// no brain at all.
public enum BrainState: Sendable, Equatable {
    case learning
    case frozen
    /// The header lists no brain settings: the bare optimizer trains (`--no-brain`).
    case absent
}

/// An event drawn as a marker on the charts.
public struct EventMarker: Sendable, Equatable {
    public var step: Int
    public var kind: EventRecord.Kind
    /// The group a reset applied to, nil for a reset of all groups and other kinds.
    public var group: String?

    public init(step: Int, kind: EventRecord.Kind, group: String? = nil) {
        self.step = step
        self.kind = kind
        self.group = group
    }
}
