import Foundation

/// A plain Double-precision forward pass, written independently of `MultilayerPerceptron`
/// so that it can check the Float32 loss and, by finite differences, its gradients.
struct ReferenceClassifier {
    let layerSizes: [Int]
    let usesReLU: Bool

    /// Returns the mean softmax cross-entropy of `inputs` (one array per row) under
    /// `parameters` (weights then biases, layer by layer, weights row-major outputs × inputs).
    func meanLoss(parameters: [[Double]], inputs: [[Double]], labels: [Int]) -> Double {
        var total = 0.0
        for (input, label) in zip(inputs, labels) {
            let logits = forward(parameters: parameters, input: input)
            let maximum = logits.max()!
            let logSumExp = maximum + log(logits.map { exp($0 - maximum) }.reduce(0, +))
            total += logSumExp - logits[label]
        }
        return total / Double(labels.count)
    }

    private func forward(parameters: [[Double]], input: [Double]) -> [Double] {
        var activation = input
        let layerCount = layerSizes.count - 1

        for layer in 0..<layerCount {
            let fanIn = layerSizes[layer]
            let fanOut = layerSizes[layer + 1]
            let weights = parameters[2 * layer]
            let biases = parameters[2 * layer + 1]

            var output = [Double](repeating: 0, count: fanOut)
            for unit in 0..<fanOut {
                var sum = biases[unit]
                for i in 0..<fanIn {
                    sum += weights[unit * fanIn + i] * activation[i]
                }
                output[unit] = sum
            }

            if layer < layerCount - 1 {
                output = output.map { usesReLU ? max($0, 0) : tanh($0) }
            }
            activation = output
        }
        return activation
    }
}
