import OpOpBrain

/// The tasks of the efficacy suite, in report order.
public enum TaskKind: String, CaseIterable, Sendable, Codable {
    case quadratic
    case logistic
    case teacher
    case digits
    case scaled
    case spikes
    case invariance

    /// One line for `--help` and the report: the data and the model.
    public var summary: String {
        switch self {
        case .quadratic: return "noisy quadratic, 64 curvatures 1e-3..1, 4 curvature bands"
        case .logistic: return "logistic regression, 24 dense and 8 sparse features, 10% flipped labels"
        case .teacher: return "tanh MLP 16-32-1 fitting a random teacher of the same shape"
        case .digits: return "8x8 digits, MLP 64-64-10; loss and accuracy on the held-out fifth"
        case .scaled: return "linear regression, 5 feature blocks scaled 1e-2..1e2, one group each"
        case .spikes: return "teacher-style MLP, 1% of minibatches with targets x50"
        case .invariance: return "teacher with the loss x100; results /100 must match teacher's"
        }
    }

    /// Training steps of a full run. Each task's steps take well under 0.3 ms with the
    /// brain in a release build, and these counts keep the whole suite near 10 minutes
    /// on two cores.
    public var steps: Int {
        switch self {
        case .quadratic: return 6000
        case .logistic, .scaled: return 4000
        case .teacher, .invariance, .spikes: return 4000
        case .digits: return 3000
        }
    }

    /// The task whose runs this one must reproduce, divided by `lossScale`: `teacher` for
    /// `invariance`, nil for the others.
    public var twin: TaskKind? {
        self == .invariance ? .teacher : nil
    }

    /// The factor the loss is multiplied by, against the twin's.
    public var lossScale: Double {
        self == .invariance ? TeacherTask.invarianceLossScale : 1
    }

    /// Returns the learning rate of `optimizer` on this task for a rate of `rate` on the twin:
    /// divided by the loss scale for SGD with momentum, whose step grows with the
    /// gradient, and unchanged for Adam, whose step does not.
    public func twinLearningRate(_ rate: Float, optimizer: OptimizerKind) -> Float {
        switch optimizer {
        case .sgd, .momentum: return rate / Float(lossScale)
        case .adam, .adamw: return rate
        }
    }

    /// Makes the task for run seed `seed`.
    ///
    /// Throws only for `digits`, when the embedded data does not decode.
    public func makeTask(seed: UInt64) throws -> EfficacyTask {
        switch self {
        case .quadratic: return QuadraticTask(seed: seed)
        case .logistic: return LogisticTask(seed: seed)
        case .teacher: return TeacherTask(seed: seed)
        case .digits: return try DigitsTask(seed: seed)
        case .scaled: return ScaledRegressionTask(seed: seed)
        case .spikes: return TeacherTask(seed: seed, variant: .spikes)
        case .invariance: return TeacherTask(seed: seed, variant: .scaledLoss(lossScale))
        }
    }
}
