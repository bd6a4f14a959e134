import OpOpBrain

/// Handwritten digit classification: an MLP (64 → 64 ReLU → 10) on the 8x8 digits data.
///
/// The 1,797 images are split, class by class, into about 80% for training and 20%
/// held out. Each step trains on 32 rows sampled by shuffled passes over the training set.
public final class DigitsWorkload: Workload {
    public static let name = "digits"
    public static let summary = "8x8 handwritten digits (1,797 images, 10 classes), MLP 64-64-10 with ReLU"

    public static let batchSize = 32
    public static let heldOutFraction = 0.2
    public static let hiddenWidth = 64

    public var name: String { Self.name }
    public var summary: String { Self.summary }
    public var groups: [ParameterGroup] { training.network.groups }

    /// Number of full passes over the training set finished so far.
    public var completedEpochs: Int { training.completedEpochs }

    let training: ClassifierTraining

    /// Decodes the embedded data set, splits it and initialises the network, all from `seed`.
    ///
    /// - Throws: `WorkloadError.corruptEmbeddedData` or `DigitsCSVError` if the embedded
    ///   data does not decode, which means the build embedded a damaged file.
    public init(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        training = ClassifierTraining(
            dataset: try DigitsDataset.load(),
            hiddenSizes: [Self.hiddenWidth],
            hiddenActivation: .relu,
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
