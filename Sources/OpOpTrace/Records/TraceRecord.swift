/// One line of a run's JSON Lines trace.
///
/// A trace starts with one header, then step, evaluation and event records in the order
/// the trainer produced them. The same values feed the live dashboard, so a run watched
/// live and the same run replayed from its trace draw the same screen.
public enum TraceRecord: Sendable, Equatable {
    case header(TraceHeader)
    case step(StepRecord)
    case evaluation(EvaluationRecord)
    case event(EventRecord)
}

/// The first record of a trace: what ran, with which groups and settings.
public struct TraceHeader: Sendable, Equatable {
    /// The format name written in every trace, so a reader can reject other JSON Lines files.
    public static let formatName = "opop-trace"
    /// The major version; a reader rejects a larger one.
    public static let formatVersion = 1

    public var runName: String
    public var workload: String
    public var groupNames: [String]
    public var optimizer: String
    /// Base optimizer settings by name, for example `lr`, `momentum`, `beta1`.
    public var optimizerSettings: [String: Double]
    /// Brain settings by name, for example `exploration_std`, `update_interval`.
    public var brainSettings: [String: Double]
    /// Seconds since 1970-01-01 UTC.
    public var startTime: Double

    public init(
        runName: String, workload: String, groupNames: [String], optimizer: String,
        optimizerSettings: [String: Double], brainSettings: [String: Double], startTime: Double
    ) {
        self.runName = runName
        self.workload = workload
        self.groupNames = groupNames
        self.optimizer = optimizer
        self.optimizerSettings = optimizerSettings
        self.brainSettings = brainSettings
        self.startTime = startTime
    }
}

/// The brain's decision and the gradient statistics of one group at one step.
public struct GroupStep: Sendable, Equatable {
    public var scale: Double
    public var clip: Double
    public var dampen: Double
    /// The L2 norm of the group's raw gradient, before clipping, or nil when the trainer
    /// did not report it (opop's text logs have no gradient norms).
    public var gradientNorm: Double?

    public init(scale: Double, clip: Double, dampen: Double, gradientNorm: Double?) {
        self.scale = scale
        self.clip = clip
        self.dampen = dampen
        self.gradientNorm = gradientNorm
    }
}

/// One training step. `groups` follows the order of `TraceHeader.groupNames`.
public struct StepRecord: Sendable, Equatable {
    public var step: Int
    /// Seconds since 1970-01-01 UTC.
    public var wallTime: Double
    /// The training loss; NaN or infinite when the step produced a bad value.
    public var loss: Double
    /// The REINFORCE reward credited at this step, or nil when none was (first step, bad loss).
    public var reward: Double?
    /// The reward baseline after this step, or nil when the trainer has no brain.
    public var baseline: Double?
    public var groups: [GroupStep]

    public init(step: Int, wallTime: Double, loss: Double, reward: Double?, baseline: Double?, groups: [GroupStep]) {
        self.step = step
        self.wallTime = wallTime
        self.loss = loss
        self.reward = reward
        self.baseline = baseline
        self.groups = groups
    }
}

/// A held-out evaluation, such as test accuracy, taken after `step`.
public struct EvaluationRecord: Sendable, Equatable {
    public var step: Int
    public var wallTime: Double
    /// Metric values by name, in the order the workload reports them, for example
    /// `("accuracy", 0.97)` then `("loss", 0.11)`.
    public var metrics: [Metric]

    public init(step: Int, wallTime: Double, metrics: [Metric]) {
        self.step = step
        self.wallTime = wallTime
        self.metrics = metrics
    }
}

/// A named number, kept as a pair so a record keeps the order its writer chose.
public struct Metric: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// Something that happened to the run or the brain between steps.
public struct EventRecord: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case freeze
        case unfreeze
        case reset
        case snapshot
        case brainUpdate = "brain_update"
        case trainerStart = "trainer_start"
        case trainerEnd = "trainer_end"
        case badValue = "bad_value"
        case error
        case note
    }

    /// The step after which the event took effect.
    public var step: Int
    public var wallTime: Double
    public var kind: Kind
    /// The group a reset applied to; nil for a reset of all groups and for other kinds.
    public var group: String?
    /// The file a snapshot wrote, when there is one.
    public var path: String?
    /// A sentence for the status line, such as "snapshot saved to runs/x/snapshots/step-120.npz".
    public var message: String

    public init(step: Int, wallTime: Double, kind: Kind, group: String? = nil, path: String? = nil, message: String) {
        self.step = step
        self.wallTime = wallTime
        self.kind = kind
        self.group = group
        self.path = path
        self.message = message
    }
}
