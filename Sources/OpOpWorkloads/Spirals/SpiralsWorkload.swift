import OpOpBrain

/// Two-spirals binary classification: an MLP (2 → 32 → 32 → 2, tanh) on 1,000 noisy
/// points made from the seed.
///
/// Small and fast, but hard for plain gradient descent: the decision boundary winds
/// between the arms, so progress comes in plateaus. About 20% of the points, class by
/// class, are held out. Each step trains on 32 points.
public final class SpiralsWorkload: Workload {
    public static let name = "spirals"
    public static let summary = "two interleaved spirals (1,000 points, 2 classes), MLP 2-32-32-2 with tanh"

    public static let batchSize = 32
    public static let heldOutFraction = 0.2
    public static let hiddenWidths = [32, 32]

    public var name: String { Self.name }
    public var summary: String { Self.summary }
    public var groups: [ParameterGroup] { training.network.groups }

    /// Number of full passes over the training set finished so far.
    public var completedEpochs: Int { training.completedEpochs }

    let training: ClassifierTraining

    /// Makes the points, splits them and initialises the network, all from `seed`.
    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var pointGenerator = SeededGenerator(seed: generator.next())
        training = ClassifierTraining(
            dataset: SpiralsDataset.make(generator: &pointGenerator),
            hiddenSizes: Self.hiddenWidths,
            hiddenActivation: .tanh,
            batchSize: Self.batchSize,
            heldOutFraction: Self.heldOutFraction,
            generator: &generator
        )
    }

    public func trainingStep() throws -> Double {
        try training.trainingStep()
    }

    /// Returns held-out "accuracy" (fraction correct) and "loss" (mean cross-entropy in nats).
    public func evaluate() throws -> [EvaluationMetric] {
        try training.evaluate()
    }
}
