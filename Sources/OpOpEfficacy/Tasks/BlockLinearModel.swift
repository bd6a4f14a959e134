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

    func zeroGradients() {
        for group in groups {
            for index in 0..<group.count {
                group.gradient[index] = 0
            }
        }
    }
}
