/// The base optimizers the command line can choose, by their trace names.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd
    case momentum
    case adam
    case adamw

    /// A learning rate that trains small MLPs well with this optimizer. These are starting
    /// points chosen for this project, not PyTorch defaults (PyTorch's SGD has none).
    public var defaultLearningRate: Float {
        switch self {
        case .sgd: return 0.1
        case .momentum: return 0.01
        case .adam, .adamw: return 1e-3
        }
    }
}

/// Creates a base optimizer of `kind` with its other settings at their defaults, and
/// `learningRate` or the kind's default learning rate.
///
/// Throws `OptimizerError.invalidSetting` for a learning rate that is not finite and positive.
public func makeOptimizer(kind: OptimizerKind, learningRate: Float? = nil) throws -> BaseOptimizer {
    let rate = learningRate ?? kind.defaultLearningRate
    switch kind {
    case .sgd: return try SGD(learningRate: rate)
    case .momentum: return try SGDMomentum(learningRate: rate)
    case .adam: return try Adam(learningRate: rate)
    case .adamw: return try AdamW(learningRate: rate)
    }
}
