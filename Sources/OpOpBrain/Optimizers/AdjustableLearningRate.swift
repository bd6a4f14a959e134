/// A base optimizer whose learning rate can change between steps, for a schedule such
/// as warmup followed by cosine decay.
///
/// The optimizer's state (momentum buffers, Adam moments, step counts) is kept, so the
/// next step uses the new rate with the state built so far, as PyTorch's schedulers do
/// when they change a parameter group's `lr`.
public protocol AdjustableLearningRate: BaseOptimizer {
    /// The rate the next `computeUpdate` uses.
    var learningRate: Float { get }

    /// Sets the rate for the following steps.
    ///
    /// Throws `OptimizerError.invalidSetting` and keeps the old rate unless `rate` is
    /// finite and greater than 0.
    func setLearningRate(_ rate: Float) throws
}

extension SGD: AdjustableLearningRate {
    public func setLearningRate(_ rate: Float) throws {
        try validateLearningRate(rate, optimizer: name)
        learningRate = rate
    }
}

extension SGDMomentum: AdjustableLearningRate {
    public func setLearningRate(_ rate: Float) throws {
        try validateLearningRate(rate, optimizer: name)
        learningRate = rate
    }
}

extension Adam: AdjustableLearningRate {
    public func setLearningRate(_ rate: Float) throws {
        try validateLearningRate(rate, optimizer: name)
        learningRate = rate
    }
}

extension AdamW: AdjustableLearningRate {
    public func setLearningRate(_ rate: Float) throws {
        try adam.setLearningRate(rate)
    }
}

private func validateLearningRate(_ rate: Float, optimizer: String) throws {
    try validateSetting(
        rate, optimizer: optimizer, setting: "lr",
        in: Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude, expected: "a finite number greater than 0")
}
