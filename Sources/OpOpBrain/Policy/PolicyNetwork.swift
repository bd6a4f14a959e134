/// The brain's multilayer perceptron: observation → ReLU hidden layers → pre-activations.
///
/// All weights and biases live in one flat `parameters` array so the policy optimizer,
/// the gradient clipping and the checkpoint treat them as one vector. Layer l's weight
/// is a row-major (outputs × inputs) block, as in PyTorch's `Linear`, followed by its bias.
/// The last layer starts at zero, so every pre-activation, and every knob, starts exactly neutral.
struct PolicyNetwork: Equatable {
    /// Widths from the observation through the hidden layers to the outputs.
    let layerSizes: [Int]
    /// Every weight and bias. Any change advances `revision`.
    var parameters: [Float] {
        didSet { revision &+= 1 }
    }
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    /// Start of each layer's values in an activation vector. Layer 0 is the observation, and
    /// layer l + 1 is the output of layer l.
    let activationOffsets: [Int]
    /// Values in an activation vector: the observation and every layer's output.
    let activationCount: Int
    /// Start of layer l's deltas in a row of deltas.
    let deltaOffsets: [Int]
    /// Values in a row of deltas: one per unit of every layer.
    let deltaCount: Int

    /// Counts the changes of `parameters`, so a cached forward pass can tell whether it is current.
    private(set) var revision: UInt64 = 0
    /// Activations of the latest `forward(_:output:)`.
    private var activations: [Float]
    /// The `revision` that the latest `forward(_:output:)` ran with.
    private var latestActivationsRevision: UInt64?

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
        self.activationCount = activationCount
        activations = [Float](repeating: 0, count: activationCount)

        // Layer l's deltas match its outputs, activation layer l + 1, without the observation.
        deltaOffsets = activationOffsets.dropFirst().map { $0 - layerSizes[0] }
        deltaCount = activationCount - layerSizes[0]
    }

    var layerCount: Int { layerSizes.count - 1 }
    var inputCount: Int { layerSizes[0] }
    var outputCount: Int { layerSizes[layerSizes.count - 1] }

    /// Returns the (rows, columns) shape of layer `layer`'s weight.
    func weightShape(layer: Int) -> (rows: Int, columns: Int) {
        (layerSizes[layer + 1], layerSizes[layer])
    }

    /// Runs the network on `observation` (`inputCount` values) and writes the pre-activations
    /// to `output` (`outputCount` values). The activations stay, so a learner can reuse
    /// them through `copyLatestActivations`.
    mutating func forward(_ observation: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let outputOffset = activationOffsets[layerCount]
        let outputs = outputCount
        // The buffer is moved out while the pass writes it, because the pass reads the rest of self.
        var latest: [Float] = []
        swap(&latest, &activations)
        latest.withUnsafeMutableBufferPointer { activations in
            let base = activations.baseAddress!
            base.update(from: observation, count: inputCount)
            forward(activations: base)
            output.update(from: base + outputOffset, count: outputs)
        }
        swap(&latest, &activations)
        latestActivationsRevision = revision
    }

    /// Runs the network on the observation in `activations[0..<inputCount]` and writes every
    /// layer's output after it, at the offsets of `activationOffsets`.
    ///
    /// Each unit's sum is its bias plus `VectorMath.dot` of its weight row and its input,
    /// so a unit computed here has the same bits however many units are computed at once.
    func forward(activations: UnsafeMutablePointer<Float>) {
        let lastLayer = layerCount - 1
        parameters.withUnsafeBufferPointer { parameters in
            let parameterBase = parameters.baseAddress!
            for layer in 0...lastLayer {
                let inputs = layerSizes[layer]
                let outputs = layerSizes[layer + 1]
                let input = UnsafePointer(activations + activationOffsets[layer])
                let result = activations + activationOffsets[layer + 1]
                let weight = parameterBase + weightOffsets[layer]
                let bias = parameterBase + biasOffsets[layer]

                var unit = 0
                while unit + 4 <= outputs {
                    VectorMath.dot4(rows: weight + unit * inputs, stride: inputs, input, count: inputs, output: result + unit)
                    unit += 4
                }
                while unit < outputs {
                    result[unit] = VectorMath.dot(weight + unit * inputs, input, count: inputs)
                    unit += 1
                }

                for unit in 0..<outputs {
                    let sum = bias[unit] + result[unit]
                    result[unit] = layer == lastLayer ? sum : max(sum, 0)
                }
            }
        }
    }

    /// Copies every layer's activations from the latest `forward(_:output:)` to `destination`
    /// (`activationCount` values) and returns true, when that forward ran on exactly the
    /// values of `observation` with the current parameters. Returns false otherwise.
    func copyLatestActivations(for observation: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>) -> Bool {
        guard latestActivationsRevision == revision else { return false }

        return activations.withUnsafeBufferPointer { activations in
            let base = activations.baseAddress!
            for index in 0..<inputCount where base[index].bitPattern != observation[index].bitPattern {
                return false
            }
            destination.update(from: base, count: activations.count)
            return true
        }
    }

    /// Writes to `gradient` the gradient, with respect to the parameters, of the sum over
    /// `rowCount` rows of a loss whose gradient with respect to row r's outputs is
    /// `outputGradients[r * outputCount ..< (r + 1) * outputCount]`.
    ///
    /// Row r's activations from `forward(activations:)` are at `activations + r * activationCount`.
    /// `deltas` is room for `rowCount * deltaCount` values. Every parameter's gradient sums
    /// the rows in order and skips rows whose unit has a zero delta, which is the order a
    /// row-by-row accumulation into a zeroed gradient uses.
    func writeBatchGradient(
        rowCount: Int, activations: UnsafePointer<Float>, outputGradients: UnsafePointer<Float>,
        deltas: UnsafeMutablePointer<Float>, into gradient: UnsafeMutablePointer<Float>
    ) {
        parameters.withUnsafeBufferPointer { parameters in
            let parameterBase = parameters.baseAddress!
            for row in 0..<rowCount {
                backpropagateDeltas(
                    activations: activations + row * activationCount, outputGradient: outputGradients + row * outputCount,
                    parameters: parameterBase, deltas: deltas + row * deltaCount)
            }
        }

        for layer in 0..<layerCount {
            let inputs = layerSizes[layer]
            let outputs = layerSizes[layer + 1]
            let input = activations + activationOffsets[layer]
            let layerDeltas = UnsafePointer(deltas + deltaOffsets[layer])
            let weightGradient = gradient + weightOffsets[layer]
            let biasGradient = gradient + biasOffsets[layer]

            for unit in 0..<outputs {
                var biasSum: Float = 0
                for row in 0..<rowCount {
                    let delta = layerDeltas[row * deltaCount + unit]
                    if delta != 0 {
                        biasSum += delta
                    }
                }
                biasGradient[unit] = biasSum

                VectorMath.writeWeightedRowSum(
                    rowCount: rowCount, weights: layerDeltas + unit, weightStride: deltaCount,
                    rows: input, rowStride: activationCount, columns: inputs, into: weightGradient + unit * inputs)
            }
        }
    }

    /// Writes one row's delta (the loss's gradient with respect to each unit's
    /// pre-activation) of every layer to `deltas`, at the offsets of `deltaOffsets`.
    private func backpropagateDeltas(
        activations: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        parameters: UnsafePointer<Float>, deltas: UnsafeMutablePointer<Float>
    ) {
        deltas.advanced(by: deltaOffsets[layerCount - 1]).update(from: outputGradient, count: outputCount)

        for layer in stride(from: layerCount - 1, through: 1, by: -1) {
            let inputs = layerSizes[layer]
            let outputs = layerSizes[layer + 1]
            let input = activations + activationOffsets[layer]
            let weight = parameters + weightOffsets[layer]
            let current = UnsafePointer(deltas + deltaOffsets[layer])
            let previous = deltas + deltaOffsets[layer - 1]

            // Back through this layer's weights, then through the ReLU that produced its
            // input: a unit with zero output passes no gradient.
            previous.update(repeating: 0, count: inputs)
            for unit in 0..<outputs {
                let delta = current[unit]
                guard delta != 0 else { continue }
                VectorMath.addScaled(weight + unit * inputs, by: delta, to: previous, count: inputs)
            }
            for column in 0..<inputs where input[column] <= 0 {
                previous[column] = 0
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
