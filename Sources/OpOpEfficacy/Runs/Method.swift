/// A way of training compared by the suite, run on every optimizer.
public enum Method: String, CaseIterable, Sendable, Codable {
    /// The base optimizer at its default rate.
    case bareDefault = "bare-default"
    /// The base optimizer at the rate tuned on the tuning seeds.
    case bareTuned = "bare-tuned"
    /// Linear warmup then cosine decay to 0, at a peak rate tuned the same way.
    case cosineTuned = "cosine-tuned"
    /// The brain around the base optimizer at its default rate.
    case brainDefault = "brain-default"
    /// The brain around the base optimizer at bare-tuned's rate.
    case brainTuned = "brain-tuned"
    /// The brain frozen before its first step, at bare-tuned's rate: it must change nothing.
    case brainFrozen = "brain-frozen"
    /// The base optimizer at bare-tuned's rate times brain-tuned's effective multiplier
    /// on the same seed, which shows whether the brain does more than rescale.
    case bareAtMultiplier = "bare-at-multiplier"
    /// The base optimizer at bare-tuned's rate times `nudgeFactor`. Its final loss over
    /// bare-tuned's shows how far a change this small moves a run: the noise floor under
    /// any paired ratio.
    case bareNudged = "bare-nudged"

    /// The factor on bare-tuned's rate that `bare-nudged` runs at.
    public static let nudgeFactor: Float = 1.01

    /// The brain's part in the run: none, learning or frozen.
    public var brainMode: BrainMode {
        switch self {
        case .bareDefault, .bareTuned, .cosineTuned, .bareAtMultiplier, .bareNudged: return .none
        case .brainDefault, .brainTuned: return .learning
        case .brainFrozen: return .frozen
        }
    }

    public var schedule: ScheduleKind {
        self == .cosineTuned ? .warmupCosine : .constant
    }

    /// The bare method run at the same rate, which a brain method is paired with.
    public var bareCounterpart: Method? {
        switch self {
        case .brainDefault: return .bareDefault
        case .brainTuned, .brainFrozen, .bareNudged: return .bareTuned
        default: return nil
        }
    }
}

/// Whether a run wraps the base optimizer in a brain, and whether that brain learns.
public enum BrainMode: String, Sendable, Codable {
    case none
    case learning
    /// Frozen from step 0, so its knobs stay exactly neutral.
    case frozen
}
