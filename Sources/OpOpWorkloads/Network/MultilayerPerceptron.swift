import Foundation
import OpOpBrain

/// A fully connected classifier: hidden layers with one activation, a linear output
/// layer, and the mean softmax cross-entropy loss.
///
/// Layer `k` (counting from 1) has the groups "fc<k>.weight", a row-major
/// `outputs × inputs` matrix as in PyTorch's `nn.Linear`, and "fc<k>.bias". The parameters
/// live only in those groups, because the optimizer changes them between steps. The
/// network keeps its activations in buffers sized for `batchCapacity` rows, so a step
/// allocates nothing.
final class MultilayerPerceptron {
    /// Widths from the input to the output, such as `[64, 64, 10]`.
    let layerSizes: [Int]
    let hiddenActivation: Activation
    let batchCapacity: Int

    /// Weight and bias groups, layer by layer, from the input side.
    let groups: [ParameterGroup]

    /// The count each group must keep, in the order of `groups`.
    private let parameterCounts: [Int]

    /// Input rows at index 0, then the output of each layer: after the activation for
    /// hidden layers, and the logits for the last.
    private let activations: [ScratchBuffer<Float>]

    /// Gradient of the loss with respect to each layer's output before its activation,
    /// from the first layer to the logits.
    private let deltas: [ScratchBuffer<Float>]

    private let labels: ScratchBuffer<Int>

    var layerCount: Int { layerSizes.count - 1 }
    var classCount: Int { layerSizes[layerSizes.count - 1] }

    /// Creates the network with normal initial weights drawn from `generator` (He for ReLU
    /// hidden layers, Glorot for tanh hidden layers and for the output layer) and zero biases.
    init(layerSizes: [Int], hiddenActivation: Activation, batchCapacity: Int, generator: inout SeededGenerator) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 },
                     "A network needs at least an input and an output width, all positive, got \(layerSizes)")
        precondition(batchCapacity > 0, "The batch capacity must be positive, got \(batchCapacity)")

        self.layerSizes = layerSizes
        self.hiddenActivation = hiddenActivation
        self.batchCapacity = batchCapacity

        var groups: [ParameterGroup] = []
        for layer in 0..<(layerSizes.count - 1) {
            let fanIn = layerSizes[layer]
            let fanOut = layerSizes[layer + 1]
            let isOutput = layer == layerSizes.count - 2
            let deviation = (isOutput ? Activation.tanh : hiddenActivation)
                .initialWeightDeviation(fanIn: fanIn, fanOut: fanOut)

            var weights = [Float](repeating: 0, count: fanIn * fanOut)
            for i in weights.indices {
                weights[i] = Float(generator.nextNormal() * deviation)
            }
            groups.append(ParameterGroup(name: "fc\(layer + 1).weight", values: weights))
            groups.append(ParameterGroup(name: "fc\(layer + 1).bias", values: [Float](repeating: 0, count: fanOut)))
        }
        self.groups = groups
        parameterCounts = groups.map(\.count)

        activations = layerSizes.map { ScratchBuffer(repeating: 0, count: batchCapacity * $0) }
        deltas = layerSizes.dropFirst().map { ScratchBuffer(repeating: 0, count: batchCapacity * $0) }
        labels = ScratchBuffer(repeating: 0, count: batchCapacity)
    }

    /// Runs the forward and backward passes on `rows` of `dataset`, overwrites every
    /// group's gradient and returns the mean loss over the rows.
    ///
    /// - Throws: `WorkloadError.parameterCountChanged` if a group no longer has its count.
    func computeLossAndGradients(on dataset: LabeledDataset, rows: [Int]) throws -> Double {
        try validateParameterCounts()
        precondition(!rows.isEmpty && rows.count <= batchCapacity,
                     "A batch needs 1...\(batchCapacity) rows, got \(rows.count)")

        loadRows(rows, of: dataset)
        forward(rowCount: rows.count)
        let result = computeSoftmaxCrossEntropy(rowCount: rows.count, writesDeltas: true)
        backward(rowCount: rows.count)

        return result.lossSum / Double(rows.count)
    }

    /// Returns the mean loss and the fraction of rows whose largest logit is the label,
    /// over all of `dataset`. Leaves the gradients unchanged.
    ///
    /// A row whose logits are all NaN counts as wrong.
    func measure(on dataset: LabeledDataset) throws -> (meanLoss: Double, accuracy: Double) {
        try validateParameterCounts()
        precondition(dataset.count > 0, "Cannot measure on an empty dataset")

        var lossSum = 0.0
        var correctCount = 0
        var start = 0
        while start < dataset.count {
            let rows = start..<min(start + batchCapacity, dataset.count)
            loadRows(rows, of: dataset)
            forward(rowCount: rows.count)

            let result = computeSoftmaxCrossEntropy(rowCount: rows.count, writesDeltas: false)
            lossSum += result.lossSum
            correctCount += result.correctCount
            start = rows.upperBound
        }

        return (lossSum / Double(dataset.count), Double(correctCount) / Double(dataset.count))
    }

    /// Throws unless every group's values and gradient still have the count of its layer.
    /// The loops below use raw pointers, so a wrong count would corrupt memory.
    func validateParameterCounts() throws {
        for (group, expected) in zip(groups, parameterCounts) {
            if group.values.count != expected {
                throw WorkloadError.parameterCountChanged(group: group.name, expected: expected, actual: group.values.count)
            }
            if group.gradient.count != expected {
                throw WorkloadError.parameterCountChanged(group: group.name, expected: expected, actual: group.gradient.count)
            }
        }
    }

    // MARK: - Passes

    private func loadRows<Rows: Collection<Int>>(_ rows: Rows, of dataset: LabeledDataset) {
        precondition(dataset.featureCount == layerSizes[0] && dataset.classCount == classCount,
                     "A dataset of \(dataset.featureCount) features and \(dataset.classCount) classes "
                     + "does not fit a network of sizes \(layerSizes)")

        let featureCount = dataset.featureCount
        let input = activations[0].pointer
        dataset.features.withUnsafeBufferPointer { features in
            for (slot, row) in rows.enumerated() {
                precondition(dataset.labels.indices.contains(row), "Row \(row) is outside the dataset of \(dataset.count) rows")
                (input + slot * featureCount).update(from: features.baseAddress! + row * featureCount, count: featureCount)
                labels.pointer[slot] = dataset.labels[row]
            }
        }
    }

    private func forward(rowCount: Int) {
        for layer in 0..<layerCount {
            let fanIn = layerSizes[layer]
            let fanOut = layerSizes[layer + 1]
            let input = activations[layer].pointer
            let output = activations[layer + 1].pointer

            groups[2 * layer].values.withUnsafeBufferPointer { weightBuffer in
                groups[2 * layer + 1].values.withUnsafeBufferPointer { biasBuffer in
                    let weights = weightBuffer.baseAddress!
                    let biases = biasBuffer.baseAddress!

                    for row in 0..<rowCount {
                        let x = input + row * fanIn
                        let z = output + row * fanOut
                        for unit in 0..<fanOut {
                            z[unit] = biases[unit] + dotProduct(weights + unit * fanIn, x, count: fanIn)
                        }
                    }
                }
            }

            if layer < layerCount - 1 {
                hiddenActivation.apply(output, count: rowCount * fanOut)
            }
        }
    }

    /// Computes the loss of each row from the logits, with the largest logit subtracted
    /// before `exp` so that no finite logit overflows. With `writesDeltas`, also writes the
    /// gradient of the mean loss with respect to the logits, `(softmax - onehot) / rowCount`.
    private func computeSoftmaxCrossEntropy(rowCount: Int, writesDeltas: Bool) -> (lossSum: Double, correctCount: Int) {
        let classes = classCount
        let logits = activations[layerCount].pointer
        let delta = deltas[layerCount - 1].pointer
        let inverseRowCount = 1 / Float(rowCount)

        var lossSum = 0.0
        var correctCount = 0
        for row in 0..<rowCount {
            let z = logits + row * classes
            let d = delta + row * classes
            let label = labels.pointer[row]

            var maximum = -Float.infinity
            var predicted = -1
            for c in 0..<classes where z[c] > maximum {
                maximum = z[c]
                predicted = c
            }
            if predicted == label {
                correctCount += 1
            }

            // `d` contains the unnormalised probabilities until the gradient replaces them.
            var sum: Float = 0
            for c in 0..<classes {
                d[c] = exp(z[c] - maximum)
                sum += d[c]
            }
            lossSum += Double(log(sum)) + Double(maximum - z[label])

            if writesDeltas {
                let scale = inverseRowCount / sum
                for c in 0..<classes {
                    d[c] *= scale
                }
                d[label] -= inverseRowCount
            }
        }
        return (lossSum, correctCount)
    }

    private func backward(rowCount: Int) {
        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let fanIn = layerSizes[layer]
            let fanOut = layerSizes[layer + 1]
            let input = activations[layer].pointer
            let delta = deltas[layer].pointer
            let weightGroup = groups[2 * layer]
            let biasGroup = groups[2 * layer + 1]

            // dL/dW[unit, :] = sum over rows of delta[row, unit] * input[row, :].
            weightGroup.gradient.withUnsafeMutableBufferPointer { buffer in
                let gradient = buffer.baseAddress!
                gradient.update(repeating: 0, count: fanIn * fanOut)
                for row in 0..<rowCount {
                    for unit in 0..<fanOut {
                        addScaled(delta[row * fanOut + unit], input + row * fanIn, to: gradient + unit * fanIn, count: fanIn)
                    }
                }
            }

            biasGroup.gradient.withUnsafeMutableBufferPointer { buffer in
                let gradient = buffer.baseAddress!
                gradient.update(repeating: 0, count: fanOut)
                for row in 0..<rowCount {
                    addScaled(1, delta + row * fanOut, to: gradient, count: fanOut)
                }
            }

            guard layer > 0 else { continue }

            // dL/dinput[row, :] = sum over units of delta[row, unit] * W[unit, :], then
            // through the previous layer's activation.
            let previousDelta = deltas[layer - 1].pointer
            weightGroup.values.withUnsafeBufferPointer { buffer in
                let weights = buffer.baseAddress!
                for row in 0..<rowCount {
                    let inputGradient = previousDelta + row * fanIn
                    inputGradient.update(repeating: 0, count: fanIn)
                    for unit in 0..<fanOut {
                        addScaled(delta[row * fanOut + unit], weights + unit * fanIn, to: inputGradient, count: fanIn)
                    }
                }
            }
            hiddenActivation.multiplyByDerivative(previousDelta, outputs: input, count: rowCount * fanIn)
        }
    }
}
