import Foundation
/// REINFORCE for the brain's Gaussian policy, with an Adam optimizer for its weights.
///
/// An action is a = μ(obs) + σ·ε per output, with a fixed σ (`explorationStd`), so the
/// gradient of log π(a | obs) with respect to μ is (a − μ)/σ². The brain hands over each
/// decision with its advantage already measured (see `Brain`). Every `capacity` decisions,
/// the advantages are divided by their root mean square, the gradient of the pull back to
/// neutral is added, the sum is clipped by global norm, and Adam takes one step.
///
/// The learner also keeps a moving average of the window rewards, the baseline that the
/// dashboard plots. Learning does not use it: the antithetic pairs are their own baseline.
struct PolicyLearner: Equatable {
    static let adamBeta1: Float = 0.9
    static let adamBeta2: Float = 0.999
    static let adamEpsilon: Float = 1e-8
    /// Keeps the advantage normalization finite when every advantage in a batch is 0.
    static let advantageScaleFloor = 1e-8

    var network: PolicyNetwork
    var firstMoment: [Float]
    var secondMoment: [Float]
    var adamStep = 0
    var updateCount = 0

    /// Experiences in the current batch, row i of each array being decision i.
    let capacity: Int
    var observations: [Float]
    var actions: [Float]
    var advantages: [Double]
    var experienceCount = 0

    /// Moving average of the rewards, for display.
    var baseline = 0.0
    /// Rewards folded into the baseline. The first one sets it.
    var rewardCount = 0

    let explorationStd: Float
    let learningRate: Float
    let gradientClipNorm: Float
    let baselineDecay: Double
    let neutralPull: Float

    /// Each decision's activations in every layer (`network.activationCount` per row), and
    /// the network revision they were computed with, or nil when they are not cached.
    private var rowActivations: [Float]
    private var rowRevisions: [UInt64?]
    /// Batch rows whose forward pass an update had to run again, because it was not cached.
    private(set) var recomputedRowCount = 0
    private var gradient: [Float]
    /// Each row's gradient of the loss with respect to the policy's outputs.
    private var outputGradients: [Float]
    private var deltas: [Float]

    init(network: PolicyNetwork, configuration: BrainConfiguration) {
        self.network = network
        capacity = configuration.updateInterval
        explorationStd = configuration.explorationStd
        learningRate = configuration.learningRate
        gradientClipNorm = configuration.gradientClipNorm
        baselineDecay = configuration.baselineDecay
        neutralPull = configuration.neutralPull

        let parameterCount = network.parameters.count
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
        gradient = [Float](repeating: 0, count: parameterCount)
        observations = [Float](repeating: 0, count: capacity * network.inputCount)
        actions = [Float](repeating: 0, count: capacity * network.outputCount)
        advantages = [Double](repeating: 0, count: capacity)
        rowActivations = [Float](repeating: 0, count: capacity * network.activationCount)
        rowRevisions = [UInt64?](repeating: nil, count: capacity)
        outputGradients = [Float](repeating: 0, count: capacity * network.outputCount)
        deltas = [Float](repeating: 0, count: capacity * network.deltaCount)
    }

    /// Learners are equal when their policy, optimizer state, batch and baseline are equal.
    /// The cached activations and scratch buffers do not count.
    static func == (lhs: PolicyLearner, rhs: PolicyLearner) -> Bool {
        let count = lhs.experienceCount
        return lhs.network == rhs.network && lhs.firstMoment == rhs.firstMoment && lhs.secondMoment == rhs.secondMoment
            && lhs.adamStep == rhs.adamStep && lhs.updateCount == rhs.updateCount && lhs.capacity == rhs.capacity
            && count == rhs.experienceCount
            && lhs.observations[0..<(count * lhs.network.inputCount)] == rhs.observations[0..<(count * rhs.network.inputCount)]
            && lhs.actions[0..<(count * lhs.network.outputCount)] == rhs.actions[0..<(count * rhs.network.outputCount)]
            && lhs.advantages[0..<count] == rhs.advantages[0..<count]
            && lhs.baseline == rhs.baseline && lhs.rewardCount == rhs.rewardCount
            && lhs.explorationStd == rhs.explorationStd && lhs.learningRate == rhs.learningRate
            && lhs.gradientClipNorm == rhs.gradientClipNorm && lhs.baselineDecay == rhs.baselineDecay
            && lhs.neutralPull == rhs.neutralPull
    }

    /// Folds a reward into the displayed baseline.
    mutating func noteReward(_ reward: Double) {
        if rewardCount == 0 {
            baseline = reward
        }
        baseline = baselineDecay * baseline + (1 - baselineDecay) * reward
        rewardCount += 1
    }

    /// Stores a decision with its advantage, and updates the policy when the batch is full.
    /// Returns whether the policy was updated.
    mutating func record(observation: UnsafePointer<Float>, action: UnsafePointer<Float>, advantage: Double) -> Bool {
        let inputs = network.inputCount
        let outputs = network.outputCount
        let row = experienceCount
        observations.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: row * inputs).update(from: observation, count: inputs) }
        actions.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: row * outputs).update(from: action, count: outputs) }
        advantages[row] = advantage

        // The decision's forward pass is usually the network's latest, and then the update
        // reuses it instead of running it again.
        let activationCount = network.activationCount
        let cached = rowActivations.withUnsafeMutableBufferPointer { rows in
            network.copyLatestActivations(for: observation, to: rows.baseAddress! + row * activationCount)
        }
        rowRevisions[row] = cached ? network.revision : nil
        experienceCount += 1

        guard experienceCount == capacity else { return false }
        return update()
    }

    /// Drops the decisions collected since the last update.
    mutating func clearExperiences() {
        experienceCount = 0
    }

    /// Zeroes the last layer's rows for `outputs` and their Adam moments, so those outputs
    /// are exactly 0 for every observation. The batch is dropped because its actions were
    /// drawn around the old means.
    mutating func resetOutputs(_ outputs: Range<Int>) {
        for range in network.outputParameterRanges(outputs) {
            for index in range {
                network.parameters[index] = 0
                firstMoment[index] = 0
                secondMoment[index] = 0
            }
        }
        clearExperiences()
    }

    /// Takes one policy-gradient step on the full batch. Without exploration every
    /// a − μ is 0, so the batch is dropped without a step.
    private mutating func update() -> Bool {
        defer { clearExperiences() }
        guard explorationStd > 0 else { return false }

        let count = experienceCount
        var squareSum = 0.0
        for index in 0..<count {
            squareSum += advantages[index] * advantages[index]
        }
        let advantageScale = (squareSum / Double(count)).squareRoot() + Self.advantageScaleFloor

        computeMissingActivations(rowCount: count)
        writeOutputGradients(rowCount: count, advantageScale: advantageScale)
        deltas.withUnsafeMutableBufferPointer { deltas in
            gradient.withUnsafeMutableBufferPointer { gradient in
                network.writeBatchGradient(
                    rowCount: count, activations: rowActivations, outputGradients: outputGradients,
                    deltas: deltas.baseAddress!, into: gradient.baseAddress!)
            }
        }

        clipGradientNorm()
        applyAdamStep()
        updateCount += 1
        return true
    }

    /// Runs the forward pass for each batch row whose activations were not cached at
    /// `record`, or were cached before the parameters last changed.
    private mutating func computeMissingActivations(rowCount: Int) {
        let inputs = network.inputCount
        let activationCount = network.activationCount
        for row in 0..<rowCount where rowRevisions[row] != network.revision {
            rowActivations.withUnsafeMutableBufferPointer { rows in
                observations.withUnsafeBufferPointer { observations in
                    let activations = rows.baseAddress! + row * activationCount
                    activations.update(from: observations.baseAddress! + row * inputs, count: inputs)
                    network.forward(activations: activations)
                }
            }
            rowRevisions[row] = network.revision
            recomputedRowCount += 1
        }
    }

    /// Writes each row's gradient of the loss with respect to the means μ.
    ///
    /// The gradient of the batch mean of −Â·log π(a | obs) is −Â·(a − μ)/(σ²·n). The pull
    /// adds the gradient of β·μ²/(2σ²), the KL divergence to the neutral policy N(0, σ²),
    /// averaged over the batch like the policy-gradient term.
    private mutating func writeOutputGradients(rowCount: Int, advantageScale: Double) {
        let variance = explorationStd * explorationStd
        let pull = neutralPull / (variance * Float(rowCount))
        let outputs = network.outputCount
        let activationCount = network.activationCount
        let outputOffset = network.activationOffsets[network.layerCount]

        for row in 0..<rowCount {
            let normalizedAdvantage = Float(advantages[row] / advantageScale)
            let factor = -normalizedAdvantage / (variance * Float(rowCount))
            let means = rowActivations[(row * activationCount + outputOffset)...]
            let action = actions[(row * outputs)...]
            for output in 0..<outputs {
                let mean = means[means.startIndex + output]
                outputGradients[row * outputs + output] = factor * (action[action.startIndex + output] - mean) + pull * mean
            }
        }
    }

    private mutating func clipGradientNorm() {
        let norm = gradient.withUnsafeBufferPointer { VectorMath.sumOfSquares($0) }.squareRoot()
        guard norm > Double(gradientClipNorm) else { return }

        let factor = Float(Double(gradientClipNorm) / norm)
        for index in gradient.indices {
            gradient[index] *= factor
        }
    }

    /// Adam as in Kingma and Ba (2015), with bias correction.
    private mutating func applyAdamStep() {
        adamStep += 1
        let beta1 = Self.adamBeta1
        let beta2 = Self.adamBeta2
        let correction1 = 1 - Float(pow(Double(beta1), Double(adamStep)))
        let correction2 = 1 - Float(pow(Double(beta2), Double(adamStep)))
        let stepSize = learningRate / correction1
        let correction2Root = correction2.squareRoot()

        let epsilon = Self.adamEpsilon
        gradient.withUnsafeBufferPointer { gradient in
            firstMoment.withUnsafeMutableBufferPointer { first in
                secondMoment.withUnsafeMutableBufferPointer { second in
                    network.parameters.withUnsafeMutableBufferPointer { parameters in
                        // The same arithmetic for each element in eight lanes, then one at a time.
                        var index = 0
                        let unrolledEnd = parameters.count & ~7
                        while index < unrolledEnd {
                            let g = Self.load8(gradient.baseAddress!, index)
                            let m = beta1 * Self.load8(first.baseAddress!, index) + (1 - beta1) * g
                            let v = beta2 * Self.load8(second.baseAddress!, index) + (1 - beta2) * g * g
                            let denominator = v.squareRoot() / correction2Root + epsilon
                            let updated = Self.load8(parameters.baseAddress!, index) - stepSize * m / denominator
                            Self.store8(m, first.baseAddress!, index)
                            Self.store8(v, second.baseAddress!, index)
                            Self.store8(updated, parameters.baseAddress!, index)
                            index += 8
                        }
                        while index < parameters.count {
                            let g = gradient[index]
                            first[index] = beta1 * first[index] + (1 - beta1) * g
                            second[index] = beta2 * second[index] + (1 - beta2) * g * g
                            let denominator = second[index].squareRoot() / correction2Root + epsilon
                            parameters[index] -= stepSize * first[index] / denominator
                            index += 1
                        }
                    }
                }
            }
        }
    }

    private static func load8(_ base: UnsafePointer<Float>, _ index: Int) -> SIMD8<Float> {
        UnsafeRawPointer(base + index).loadUnaligned(as: SIMD8<Float>.self)
    }

    private static func store8(_ value: SIMD8<Float>, _ base: UnsafeMutablePointer<Float>, _ index: Int) {
        UnsafeMutableRawPointer(base + index).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
