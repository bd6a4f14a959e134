/// Plain stochastic gradient descent: Δ = lr·g.
public final class SGD: BaseOptimizer {
    public internal(set) var learningRate: Float

    /// Throws `OptimizerError.invalidSetting` unless `learningRate` is finite and positive.
    public init(learningRate: Float) throws {
        try validateSetting(
            learningRate, optimizer: "sgd", setting: "lr",
            in: Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude, expected: "a finite number greater than 0")
        self.learningRate = learningRate
    }

    public var name: String { "sgd" }

    public var settings: [String: Double] { ["lr": Double(decimalText: learningRate)] }

    public func computeUpdate(
        group index: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeBufferPointer<Float>, update: UnsafeMutableBufferPointer<Float>
    ) {
        checkCounts(optimizer: name, group: index, parameters: parameters.count, gradient: gradient.count, update: update.count)

        for element in 0..<gradient.count {
            update[element] = learningRate * gradient[element]
        }
    }
}

/// Stochastic gradient descent with heavy-ball momentum, as PyTorch's `SGD` with
/// `momentum` set and no dampening or Nesterov term: b ← μ·b + g (b = g at a group's
/// first step), Δ = lr·b.
public final class SGDMomentum: BaseOptimizer {
    public internal(set) var learningRate: Float
    public let momentum: Float
    private var buffers = GroupStateStore()

    /// Throws `OptimizerError.invalidSetting` unless `learningRate` is finite and positive
    /// and `momentum` is in 0..<1.
    public init(learningRate: Float, momentum: Float = 0.9) throws {
        try validateSetting(
            learningRate, optimizer: "momentum", setting: "lr",
            in: Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude, expected: "a finite number greater than 0")
        try validateSetting(
            momentum, optimizer: "momentum", setting: "momentum",
            in: 0...Float(1).nextDown, expected: "a number in 0..<1")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public var name: String { "momentum" }

    public var settings: [String: Double] { ["lr": Double(decimalText: learningRate), "momentum": Double(decimalText: momentum)] }

    public func computeUpdate(
        group index: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeBufferPointer<Float>, update: UnsafeMutableBufferPointer<Float>
    ) {
        checkCounts(optimizer: name, group: index, parameters: parameters.count, gradient: gradient.count, update: update.count)
        buffers.beginStep(group: index, count: gradient.count, optimizer: name)
        let isFirstStep = buffers.steps[index] == 1

        let momentum = self.momentum
        let learningRate = self.learningRate
        buffers[index].withUnsafeMutableBufferPointer { buffer in
            for element in 0..<gradient.count {
                let velocity = isFirstStep ? gradient[element] : momentum * buffer[element] + gradient[element]
                buffer[element] = velocity
                update[element] = learningRate * velocity
            }
        }
    }
}
