import OpOpBrain

/// A linear model z = w·x + b whose weights form one parameter group per block of
/// neighbouring features, with the bias, when there is one, in a last group of its own.
///
/// The examples are rows of one flat row-major feature array, shared by the tasks built
/// on this model.
struct BlockLinearModel {
    let featureCount: Int
    /// One group per block of features, in feature order, then the bias group if any.
    let groups: [ParameterGroup]
    /// Index of the first feature of each weight group.
    private let blockStarts: [Int]
    private let hasBias: Bool

    /// Creates the model with one group per entry of `blocks` (its name and initial
    /// weights, in feature order) and, unless `bias` is nil, a bias group with that name.
    init(blocks: [(name: String, weights: [Float])], bias: (name: String, value: Float)?) {
        var groups: [ParameterGroup] = []
        var starts: [Int] = []
        var start = 0
        for block in blocks {
            starts.append(start)
            start += block.weights.count
            groups.append(ParameterGroup(name: block.name, values: block.weights))
        }
        if let bias {
            groups.append(ParameterGroup(name: bias.name, values: [bias.value]))
        }

        self.featureCount = start
        self.groups = groups
        self.blockStarts = starts
        self.hasBias = bias != nil
    }

    /// Returns z for the example whose features start at `row`.
    func output(row: UnsafePointer<Float>) -> Double {
        var sum = 0.0
        for (block, start) in blockStarts.enumerated() {
            let weights = groups[block]
            for index in 0..<weights.count {
                sum += Double(weights.values[index]) * Double(row[start + index])
            }
        }
        if hasBias {
            sum += Double(groups[groups.count - 1].values[0])
        }
        return sum
    }

    /// Adds `derivative`·∂z/∂θ for the example at `row` to every group's gradient.
    func accumulateGradient(row: UnsafePointer<Float>, derivative: Double) {
        let factor = Float(derivative)
        for (block, start) in blockStarts.enumerated() {
            let weights = groups[block]
            for index in 0..<weights.count {
                weights.gradient[index] += factor * row[start + index]
            }
        }
        if hasBias {
            groups[groups.count - 1].gradient[0] += factor
        }
    }

    /// Returns the mean over `rows` of the per-example loss that `loss` computes from the
    /// output z and the row index, with its derivative in z. With `writesGradients`, it
    /// also overwrites every group's gradient with the gradient of that mean.
    func meanLoss(
        features: [Float], rows: some Collection<Int>, writesGradients: Bool,
        loss: (_ output: Double, _ row: Int) -> (value: Double, derivative: Double)
    ) -> Double {
        if writesGradients {
            zeroGradients()
        }

        var total = 0.0
        let scale = 1 / Double(rows.count)
        features.withUnsafeBufferPointer { features in
            for row in rows {
                let start = features.baseAddress! + row * featureCount
                let (value, derivative) = loss(output(row: start), row)
                total += value
                if writesGradients {
                    accumulateGradient(row: start, derivative: scale * derivative)
                }
            }
        }
        // Training multiplies by the reciprocal and evaluation divides, as when the
        // published reports were made; the two can differ in the last bit.
        return writesGradients ? total * scale : total / Double(rows.count)
    }

    func zeroGradients() {
        for group in groups {
            for index in 0..<group.count {
                group.gradient[index] = 0
            }
        }
    }
}
