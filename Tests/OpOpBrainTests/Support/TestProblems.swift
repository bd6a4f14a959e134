@testable import OpOpBrain

/// Linear least squares, y ≈ W·x + b, on fixed random data: a small real problem with two
/// parameter groups (weights and biases) whose loss and gradients are exact and repeatable.
final class LinearRegressionProblem {
    let inputCount = 8
    let outputCount = 3
    let sampleCount = 64
    let inputs: [Float]
    let targets: [Float]
    /// Multiplies the loss, and so every gradient, to test scale invariance.
    let lossScale: Float

    let weight: ParameterGroup
    let bias: ParameterGroup
    var groups: [ParameterGroup] { [weight, bias] }

    init(seed: UInt64, lossScale: Float = 1) {
        var generator = SeededGenerator(seed: seed)
        var inputs: [Float] = []
        var targets: [Float] = []
        var trueWeight: [Float] = []
        for _ in 0..<(inputCount * outputCount) {
            trueWeight.append(Float(generator.nextNormal()))
        }
        for _ in 0..<sampleCount {
            let x = (0..<inputCount).map { _ in Float(generator.nextNormal()) }
            inputs += x
            for row in 0..<outputCount {
                var y: Float = 0.5
                for column in 0..<inputCount {
                    y += trueWeight[row * inputCount + column] * x[column]
                }
                targets.append(y + 0.1 * Float(generator.nextNormal()))
            }
        }
        self.inputs = inputs
        self.targets = targets
        self.lossScale = lossScale

        let initialWeight = (0..<(inputCount * outputCount)).map { _ in Float(0.1 * generator.nextNormal()) }
        weight = ParameterGroup(name: "weight", values: initialWeight)
        bias = ParameterGroup(name: "bias", values: [Float](repeating: 0, count: outputCount))
    }

    /// Computes the mean squared error over the samples in `batch` (all when nil), times
    /// `lossScale`, and writes its gradient into the groups.
    @discardableResult
    func evaluate(batch: Range<Int>? = nil) -> Double {
        let samples = batch ?? 0..<sampleCount
        var loss = 0.0
        var weightGradient = [Float](repeating: 0, count: inputCount * outputCount)
        var biasGradient = [Float](repeating: 0, count: outputCount)
        let factor = 2 * lossScale / Float(samples.count * outputCount)

        for sample in samples {
            for row in 0..<outputCount {
                var prediction = bias.values[row]
                for column in 0..<inputCount {
                    prediction += weight.values[row * inputCount + column] * inputs[sample * inputCount + column]
                }
                let error = prediction - targets[sample * outputCount + row]
                loss += Double(error) * Double(error)
                biasGradient[row] += factor * error
                for column in 0..<inputCount {
                    weightGradient[row * inputCount + column] += factor * error * inputs[sample * inputCount + column]
                }
            }
        }
        weight.gradient = weightGradient
        bias.gradient = biasGradient
        return Double(lossScale) * loss / Double(samples.count * outputCount)
    }

    /// Returns the batch of step `step` when cycling through the data eight samples at a time.
    func minibatch(step: Int) -> Range<Int> {
        let start = (step * 8) % sampleCount
        return start..<(start + 8)
    }
}

/// f(θ) = ½·h·‖θ‖², whose best SGD learning rate is 1/h: it reaches the minimum in one step.
final class QuadraticProblem {
    let curvature: Float
    let group: ParameterGroup
    private var generator: SeededGenerator

    init(dimension: Int, curvature: Float, seed: UInt64) {
        self.curvature = curvature
        generator = SeededGenerator(seed: seed)
        group = ParameterGroup(name: "theta", values: [Float](repeating: 0, count: dimension))
        restart()
    }

    /// Moves θ to a fresh random point.
    func restart() {
        for index in group.values.indices {
            group.values[index] = Float(generator.nextNormal())
        }
    }

    /// Returns the loss and writes the gradient h·θ.
    func evaluate() -> Double {
        var loss = 0.0
        for index in group.values.indices {
            let value = group.values[index]
            loss += 0.5 * Double(curvature) * Double(value) * Double(value)
            group.gradient[index] = curvature * value
        }
        return loss
    }
}

/// Returns a brain for tests with decisions of 2 steps and no neutral guard, unless
/// `configure` changes them, so that windows close within a few steps.
func makeBrain(
    groups: [String], seed: UInt64 = 1, explorationStd: Float = 0.1, configure: (inout BrainConfiguration) -> Void = { _ in }
) throws -> Brain {
    var configuration = BrainConfiguration(groupNames: groups)
    configuration.seed = seed
    configuration.explorationStd = explorationStd
    configuration.decisionWindow = 2
    configuration.guardProbeInterval = 0
    configure(&configuration)
    return try Brain(configuration: configuration)
}

/// Sets the bias of group `group`'s three outputs, so that with exploration off the
/// brain's knobs are exactly exp(scale), exp(clip) and tanh(dampen).
func setOutputBias(_ brain: Brain, group: Int, scale: Float, clip: Float, dampen: Float) {
    let network = brain.learner.network
    let biasOffset = network.biasOffsets[network.layerCount - 1] + 3 * group
    brain.learner.network.parameters[biasOffset] = scale
    brain.learner.network.parameters[biasOffset + 1] = clip
    brain.learner.network.parameters[biasOffset + 2] = dampen
}
