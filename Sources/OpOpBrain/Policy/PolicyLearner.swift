import Foundation
/// REINFORCE for the brain's Gaussian policy, with an Adam optimizer for its weights.
///
/// An action is a = μ(obs) + σ·ε per output, with a fixed σ (`explorationStd`), so the
/// gradient of log π(a | obs) with respect to μ is (a − μ)/σ². Each rewarded decision is
/// stored with its advantage against a moving-average baseline. Every `capacity` decisions,
/// the advantages are divided by the batch's reward standard deviation, the gradient of
/// the pull back to neutral is added, the sum is clipped by global norm, and Adam takes
/// one step.
struct PolicyLearner: Equatable {
    static let adamBeta1: Float = 0.9
    static let adamBeta2: Float = 0.999
    static let adamEpsilon: Float = 1e-8
    /// Keeps the advantage normalization finite when every reward in a batch is equal.
    static let rewardStdFloor = 1e-8

    var network: PolicyNetwork
    var firstMoment: [Float]
    var secondMoment: [Float]
    var adamStep = 0
    var updateCount = 0

    /// Experiences in the current batch, row i of each array being decision i.
    let capacity: Int
    var observations: [Float]
    var actions: [Float]
    var rewards: [Double]
    var advantages: [Double]
    var experienceCount = 0

    var baseline = 0.0
    /// Rewards folded into the baseline. The first one sets it.
    var rewardCount = 0

    let explorationStd: Float
    let learningRate: Float
    let gradientClipNorm: Float
    let baselineDecay: Double
    let neutralPull: Float

    private var gradient: [Float]
    private var means: [Float]
    private var outputGradient: [Float]

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
        rewards = [Double](repeating: 0, count: capacity)
        advantages = [Double](repeating: 0, count: capacity)
        means = [Float](repeating: 0, count: network.outputCount)
        outputGradient = [Float](repeating: 0, count: network.outputCount)
    }

    /// Stores a decision with its reward, updates the baseline, and updates the policy when
    /// the batch is full. Returns whether the policy was updated.
    mutating func record(observation: UnsafePointer<Float>, action: UnsafePointer<Float>, reward: Double) -> Bool {
        if rewardCount == 0 {
            baseline = reward
        }
        let advantage = reward - baseline
        baseline = baselineDecay * baseline + (1 - baselineDecay) * reward
        rewardCount += 1

        let inputs = network.inputCount
        let outputs = network.outputCount
        let row = experienceCount
        observations.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: row * inputs).update(from: observation, count: inputs) }
        actions.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: row * outputs).update(from: action, count: outputs) }
        rewards[row] = reward
        advantages[row] = advantage
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
        var meanReward = 0.0
        for index in 0..<count {
            meanReward += rewards[index]
        }
        meanReward /= Double(count)
        var rewardVariance = 0.0
        for index in 0..<count {
            rewardVariance += (rewards[index] - meanReward) * (rewards[index] - meanReward)
        }
        let rewardStd = (rewardVariance / Double(count)).squareRoot() + Self.rewardStdFloor

        for index in gradient.indices {
            gradient[index] = 0
        }

        // Gradient of the batch mean of −Â·log π(a | obs) with respect to μ is −Â·(a − μ)/(σ²·n).
        let variance = explorationStd * explorationStd
        let inputs = network.inputCount
        let outputs = network.outputCount
        for row in 0..<count {
            observations.withUnsafeBufferPointer { observations in
                means.withUnsafeMutableBufferPointer { means in
                    network.forward(observations.baseAddress! + row * inputs, output: means.baseAddress!)
                }
            }

            // The pull adds the gradient of β·μ²/(2σ²), the KL divergence to the neutral
            // policy N(0, σ²), averaged over the batch like the policy-gradient term.
            let normalizedAdvantage = Float(advantages[row] / rewardStd)
            let factor = -normalizedAdvantage / (variance * Float(count))
            let pull = neutralPull / (variance * Float(count))
            for output in 0..<outputs {
                outputGradient[output] = factor * (actions[row * outputs + output] - means[output]) + pull * means[output]
            }

            outputGradient.withUnsafeBufferPointer { outputGradient in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    network.accumulateGradient(outputGradient: outputGradient.baseAddress!, into: gradient.baseAddress!)
                }
            }
        }

        clipGradientNorm()
        applyAdamStep()
        updateCount += 1
        return true
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

        gradient.withUnsafeBufferPointer { gradient in
            firstMoment.withUnsafeMutableBufferPointer { first in
                secondMoment.withUnsafeMutableBufferPointer { second in
                    network.parameters.withUnsafeMutableBufferPointer { parameters in
                        for index in 0..<parameters.count {
                            let g = gradient[index]
                            first[index] = beta1 * first[index] + (1 - beta1) * g
                            second[index] = beta2 * second[index] + (1 - beta2) * g * g
                            let denominator = second[index].squareRoot() / correction2Root + Self.adamEpsilon
                            parameters[index] -= stepSize * first[index] / denominator
                        }
                    }
                }
            }
        }
    }
}
