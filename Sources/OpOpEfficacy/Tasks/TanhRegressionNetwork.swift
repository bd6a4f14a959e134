import Foundation
import OpOpBrain

/// A regression MLP with one tanh hidden layer and one output: ŷ = w₂·tanh(W₁·x + b₁) + b₂,
/// in four parameter groups "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias".
///
/// `fc1.weight` is stored row-major as (hidden, input), as PyTorch's `Linear` stores it.
/// The loss of one example is ½·(ŷ − y)², and the batch loss is the mean.
final class TanhRegressionNetwork {
    let inputCount: Int
    let hiddenCount: Int
    let groups: [ParameterGroup]

    /// The hidden activations of the example being computed.
    private var hidden: [Float]

    /// Creates the network with normal weights of the given standard deviations (biases
    /// of the first layer with `hiddenBiasDeviation`, the output bias at 0), drawn from `generator`.
    init(
        inputCount: Int, hiddenCount: Int, inputWeightDeviation: Double, hiddenBiasDeviation: Double,
        outputWeightDeviation: Double, generator: inout SeededGenerator
    ) {
        self.inputCount = inputCount
        self.hiddenCount = hiddenCount
        groups = [
            ParameterGroup(name: "fc1.weight", values: generator.normals(count: hiddenCount * inputCount, deviation: inputWeightDeviation)),
            ParameterGroup(name: "fc1.bias", values: generator.normals(count: hiddenCount, deviation: hiddenBiasDeviation)),
            ParameterGroup(name: "fc2.weight", values: generator.normals(count: hiddenCount, deviation: outputWeightDeviation)),
            ParameterGroup(name: "fc2.bias", values: [0]),
        ]
        hidden = [Float](repeating: 0, count: hiddenCount)
    }

    /// Creates a student with Glorot (Xavier) normal weights and zero biases, the usual
    /// start for a tanh network.
    static func student(inputCount: Int, hiddenCount: Int, generator: inout SeededGenerator) -> TanhRegressionNetwork {
        TanhRegressionNetwork(
            inputCount: inputCount, hiddenCount: hiddenCount,
            inputWeightDeviation: (2 / Double(inputCount + hiddenCount)).squareRoot(), hiddenBiasDeviation: 0,
            outputWeightDeviation: (2 / Double(hiddenCount + 1)).squareRoot(), generator: &generator)
    }

    /// Returns ŷ for every row of `features` (row-major, `inputCount` values per row).
    func predictions(features: [Float]) -> [Double] {
        let rowCount = features.count / inputCount
        return features.withUnsafeBufferPointer { features in
            (0..<rowCount).map { row in forward(features.baseAddress! + row * inputCount) }
        }
    }

    /// Returns the mean of ½·(ŷ − y)² over every row, without touching the gradients.
    func meanLoss(features: [Float], targets: [Float]) -> Double {
        let outputs = predictions(features: features)
        var total = 0.0
        for (output, target) in zip(outputs, targets) {
            let residual = output - Double(target)
            total += 0.5 * residual * residual
        }
        return total / Double(targets.count)
    }

    /// Overwrites the gradients with those of `lossScale` × the mean loss over `rows`,
    /// with every target multiplied by `targetFactor`, and returns that scaled loss.
    func lossAndGradients(
        features: [Float], targets: [Float], rows: [Int], targetFactor: Float = 1, lossScale: Double = 1
    ) -> Double {
        for group in groups {
            for index in 0..<group.count {
                group.gradient[index] = 0
            }
        }

        var total = 0.0
        features.withUnsafeBufferPointer { features in
            for row in rows {
                let input = features.baseAddress! + row * inputCount
                let residual = forward(input) - Double(targets[row] * targetFactor)
                total += 0.5 * residual * residual
                backward(input, outputDerivative: Float(lossScale * residual / Double(rows.count)))
            }
        }
        return lossScale * total / Double(rows.count)
    }

    /// Computes the hidden activations of one example into `hidden` and returns ŷ.
    private func forward(_ input: UnsafePointer<Float>) -> Double {
        let inputCount = self.inputCount
        var output = Double(groups[3].values[0])
        groups[0].values.withUnsafeBufferPointer { weights in
            groups[1].values.withUnsafeBufferPointer { biases in
                groups[2].values.withUnsafeBufferPointer { outputWeights in
                    hidden.withUnsafeMutableBufferPointer { hidden in
                        for unit in 0..<hiddenCount {
                            var sum = biases[unit]
                            let row = weights.baseAddress! + unit * inputCount
                            for index in 0..<inputCount {
                                sum += row[index] * input[index]
                            }
                            hidden[unit] = tanh(sum)
                            output += Double(outputWeights[unit] * hidden[unit])
                        }
                    }
                }
            }
        }
        return output
    }

    /// Adds the gradient of one example, given ∂loss/∂ŷ, using the activations `forward` left.
    private func backward(_ input: UnsafePointer<Float>, outputDerivative: Float) {
        let inputCount = self.inputCount
        groups[3].gradient[0] += outputDerivative
        groups[2].values.withUnsafeBufferPointer { outputWeights in
            groups[2].gradient.withUnsafeMutableBufferPointer { outputGradient in
                groups[1].gradient.withUnsafeMutableBufferPointer { biasGradient in
                    groups[0].gradient.withUnsafeMutableBufferPointer { weightGradient in
                        hidden.withUnsafeBufferPointer { hidden in
                            for unit in 0..<hiddenCount {
                                outputGradient[unit] += outputDerivative * hidden[unit]
                                let unitDerivative = outputDerivative * outputWeights[unit] * (1 - hidden[unit] * hidden[unit])
                                biasGradient[unit] += unitDerivative
                                let row = weightGradient.baseAddress! + unit * inputCount
                                for index in 0..<inputCount {
                                    row[index] += unitDerivative * input[index]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
