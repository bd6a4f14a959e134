import Foundation

/// Adam with bias correction, following PyTorch's `Adam` (2.x, single-tensor path):
/// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², and
/// Δ = (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
/// A non-zero `weightDecay` adds the L2 term λ·θ to the gradient first.
public final class Adam: BaseOptimizer {
    public internal(set) var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// The weight decay is decoupled (AdamW) instead of added to the gradient (Adam).
    let decoupledWeightDecay: Bool
    private var firstMoments = GroupStateStore()
    private var secondMoments = GroupStateStore()

    /// Throws `OptimizerError.invalidSetting` for a learning rate that is not finite and
    /// positive, betas outside 0..<1, a non-positive epsilon or a negative weight decay.
    public convenience init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) throws {
        try self.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupled: false)
    }

    init(
        learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float, decoupled: Bool
    ) throws {
        let name = decoupled ? "adamw" : "adam"
        let positive = Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude
        try validateSetting(learningRate, optimizer: name, setting: "lr", in: positive, expected: "a finite number greater than 0")
        try validateSetting(beta1, optimizer: name, setting: "beta1", in: 0...Float(1).nextDown, expected: "a number in 0..<1")
        try validateSetting(beta2, optimizer: name, setting: "beta2", in: 0...Float(1).nextDown, expected: "a number in 0..<1")
        try validateSetting(epsilon, optimizer: name, setting: "eps", in: positive, expected: "a finite number greater than 0")
        try validateSetting(
            weightDecay, optimizer: name, setting: "weight_decay", in: 0...Float.greatestFiniteMagnitude,
            expected: "a finite number of 0 or more")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupled
    }

    public var name: String { decoupledWeightDecay ? "adamw" : "adam" }

    public var settings: [String: Double] {
        [
            "lr": Double(decimalText: learningRate), "beta1": Double(decimalText: beta1), "beta2": Double(decimalText: beta2),
            "eps": Double(decimalText: epsilon), "weight_decay": Double(decimalText: weightDecay),
        ]
    }

    public func computeUpdate(
        group index: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeBufferPointer<Float>, update: UnsafeMutableBufferPointer<Float>
    ) {
        checkCounts(optimizer: name, group: index, parameters: parameters.count, gradient: gradient.count, update: update.count)
        firstMoments.beginStep(group: index, count: gradient.count, optimizer: name)
        secondMoments.beginStep(group: index, count: gradient.count, optimizer: name)

        let step = Double(firstMoments.steps[index])
        let beta1 = self.beta1
        let beta2 = self.beta2
        let epsilon = self.epsilon
        let stepSize = learningRate / Float(1 - pow(Double(beta1), step))
        let correction2Root = Float(1 - pow(Double(beta2), step)).squareRoot()
        let coupledDecay = decoupledWeightDecay ? 0 : weightDecay
        let decoupledDecay = decoupledWeightDecay ? learningRate * weightDecay : 0

        firstMoments[index].withUnsafeMutableBufferPointer { first in
            secondMoments[index].withUnsafeMutableBufferPointer { second in
                for element in 0..<gradient.count {
                    var g = gradient[element]
                    if coupledDecay != 0 {
                        g += coupledDecay * parameters[element]
                    }
                    first[element] = beta1 * first[element] + (1 - beta1) * g
                    second[element] = beta2 * second[element] + (1 - beta2) * g * g
                    let denominator = second[element].squareRoot() / correction2Root + epsilon
                    var delta = stepSize * first[element] / denominator
                    if decoupledDecay != 0 {
                        delta += decoupledDecay * parameters[element]
                    }
                    update[element] = delta
                }
            }
        }
    }
}

/// Adam with decoupled weight decay, following PyTorch's `AdamW` (2.x):
/// Δ = lr·λ·θ + the Adam update, which equals shrinking θ by (1 − lr·λ) and then taking
/// the Adam step, up to rounding.
public final class AdamW: BaseOptimizer {
    let adam: Adam

    /// Throws `OptimizerError.invalidSetting` for the same ranges as `Adam`.
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0.01
    ) throws {
        adam = try Adam(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupled: true)
    }

    public var learningRate: Float { adam.learningRate }
    public var weightDecay: Float { adam.weightDecay }
    public var name: String { adam.name }
    public var settings: [String: Double] { adam.settings }

    public func computeUpdate(
        group index: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeBufferPointer<Float>, update: UnsafeMutableBufferPointer<Float>
    ) {
        adam.computeUpdate(group: index, parameters: parameters, gradient: gradient, update: update)
    }
}
