/// The brain's multilayer perceptron: observation → ReLU hidden layers → pre-activations.
///
/// All weights and biases live in one flat `parameters` array so the policy optimizer,
/// the gradient clipping and the checkpoint treat them as one vector. Layer l's weight
/// is a row-major (outputs × inputs) block, as in PyTorch's `Linear`, followed by its bias.
/// The last layer starts at zero, so every pre-activation, and every knob, starts exactly neutral.
struct PolicyNetwork: Equatable {
    /// Widths from the observation through the hidden layers to the outputs.
    let layerSizes: [Int]
    var parameters: [Float]
    let weightOffsets: [Int]
    let biasOffsets: [Int]

    /// Inputs and outputs of every layer from the latest `forward`, layer 0 being the observation.
    private var activations: [Float]
    private let activationOffsets: [Int]
    private var delta: [Float]
    private var previousDelta: [Float]

    /// Creates a network with He-normal hidden weights (std √(2 / inputs)), zero biases and
    /// a zero last layer.
    init(layerSizes: [Int], generator: inout SeededGenerator) {
        self.layerSizes = layerSizes

        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var parameterCount = 0
        for layer in 0..<(layerSizes.count - 1) {
            weightOffsets.append(parameterCount)
            parameterCount += layerSizes[layer] * layerSizes[layer + 1]
            biasOffsets.append(parameterCount)
            parameterCount += layerSizes[layer + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets

        var parameters = [Float](repeating: 0, count: parameterCount)
        for layer in 0..<(layerSizes.count - 2) {
            let inputs = layerSizes[layer]
            let standardDeviation = (2 / Double(inputs)).squareRoot()
            for index in 0..<(inputs * layerSizes[layer + 1]) {
                parameters[weightOffsets[layer] + index] = Float(generator.nextNormal() * standardDeviation)
            }
        }
        self.parameters = parameters

        var activationOffsets: [Int] = []
        var activationCount = 0
        for width in layerSizes {
            activationOffsets.append(activationCount)
            activationCount += width
        }
        self.activationOffsets = activationOffsets
        activations = [Float](repeating: 0, count: activationCount)

        let widest = layerSizes.max() ?? 0
        delta = [Float](repeating: 0, count: widest)
        previousDelta = [Float](repeating: 0, count: widest)
    }

    var layerCount: Int { layerSizes.count - 1 }
    var inputCount: Int { layerSizes[0] }
    var outputCount: Int { layerSizes[layerSizes.count - 1] }

    /// Returns the (rows, columns) shape of layer `layer`'s weight.
    func weightShape(layer: Int) -> (rows: Int, columns: Int) {
        (layerSizes[layer + 1], layerSizes[layer])
    }

    /// Runs the network on `observation` (`inputCount` values) and writes the pre-activations
    /// to `output` (`outputCount` values). The activations stay for `accumulateGradient`.
    mutating func forward(_ observation: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let layerSizes = self.layerSizes
        let weightOffsets = self.weightOffsets
        let biasOffsets = self.biasOffsets
        let activationOffsets = self.activationOffsets
        let lastLayer = layerCount - 1

        parameters.withUnsafeBufferPointer { parameters in
            activations.withUnsafeMutableBufferPointer { activations in
                let base = activations.baseAddress!
                base.update(from: observation, count: layerSizes[0])

                for layer in 0...lastLayer {
                    let inputs = layerSizes[layer]
                    let outputs = layerSizes[layer + 1]
                    let input = base + activationOffsets[layer]
                    let result = base + activationOffsets[layer + 1]
                    let weight = parameters.baseAddress! + weightOffsets[layer]
                    let bias = parameters.baseAddress! + biasOffsets[layer]

                    for row in 0..<outputs {
                        let sum = bias[row] + VectorMath.dot(weight + row * inputs, input, count: inputs)
                        result[row] = layer == lastLayer ? sum : max(sum, 0)
                    }
                }
                output.update(from: base + activationOffsets[lastLayer + 1], count: layerSizes[lastLayer + 1])
            }
        }
    }

    /// Adds the gradient of a loss with respect to the parameters to `gradient`, given the
    /// loss's gradient `outputGradient` with respect to the outputs of the latest `forward`.
    mutating func accumulateGradient(outputGradient: UnsafePointer<Float>, into gradient: UnsafeMutablePointer<Float>) {
        let layerSizes = self.layerSizes
        let weightOffsets = self.weightOffsets
        let biasOffsets = self.biasOffsets
        let activationOffsets = self.activationOffsets

        parameters.withUnsafeBufferPointer { parameters in
            activations.withUnsafeBufferPointer { activations in
                delta.withUnsafeMutableBufferPointer { deltaBuffer in
                    previousDelta.withUnsafeMutableBufferPointer { previousBuffer in
                        var current = deltaBuffer.baseAddress!
                        var previous = previousBuffer.baseAddress!
                        current.update(from: outputGradient, count: layerSizes[layerSizes.count - 1])

                        for layer in stride(from: layerSizes.count - 2, through: 0, by: -1) {
                            let inputs = layerSizes[layer]
                            let outputs = layerSizes[layer + 1]
                            let input = activations.baseAddress! + activationOffsets[layer]
                            let weight = parameters.baseAddress! + weightOffsets[layer]
                            let weightGradient = gradient + weightOffsets[layer]
                            let biasGradient = gradient + biasOffsets[layer]

                            for row in 0..<outputs {
                                let rowDelta = current[row]
                                guard rowDelta != 0 else { continue }
                                biasGradient[row] += rowDelta
                                let gradientRow = weightGradient + row * inputs
                                for column in 0..<inputs {
                                    gradientRow[column] += rowDelta * input[column]
                                }
                            }

                            guard layer > 0 else { break }

                            // Back through this layer's weights, then through the ReLU that
                            // produced its input: a unit with zero output passes no gradient.
                            for column in 0..<inputs {
                                previous[column] = 0
                            }
                            for row in 0..<outputs {
                                let rowDelta = current[row]
                                guard rowDelta != 0 else { continue }
                                let weightRow = weight + row * inputs
                                for column in 0..<inputs {
                                    previous[column] += weightRow[column] * rowDelta
                                }
                            }
                            for column in 0..<inputs where input[column] <= 0 {
                                previous[column] = 0
                            }
                            swap(&current, &previous)
                        }
                    }
                }
            }
        }
    }

    /// Returns the index ranges in `parameters` of the last layer's weight rows and bias
    /// entries for outputs `outputs`.
    func outputParameterRanges(_ outputs: Range<Int>) -> [Range<Int>] {
        let last = layerCount - 1
        let inputs = layerSizes[last]
        let weightStart = weightOffsets[last] + outputs.lowerBound * inputs
        let weightEnd = weightOffsets[last] + outputs.upperBound * inputs
        let biasStart = biasOffsets[last] + outputs.lowerBound
        let biasEnd = biasOffsets[last] + outputs.upperBound
        return [weightStart..<weightEnd, biasStart..<biasEnd]
    }

    static func == (lhs: PolicyNetwork, rhs: PolicyNetwork) -> Bool {
        lhs.layerSizes == rhs.layerSizes && lhs.parameters == rhs.parameters
    }
}
