import OpOpBrain

/// The machinery both workloads share: a held-out split, a minibatch sampler and a
/// classifier network, all seeded from one generator.
final class ClassifierTraining {
    let network: MultilayerPerceptron
    let trainingSet: LabeledDataset
    let heldOutSet: LabeledDataset

    private var sampler: MinibatchSampler

    /// Row indices of the current minibatch, reused every step.
    private var batchRows: [Int]

    /// Splits `dataset`, then builds the network with `hiddenSizes` between the feature
    /// count and the class count. Draws three seeds from `generator`: for the split, the
    /// initial weights and the minibatch order.
    init(
        dataset: LabeledDataset,
        hiddenSizes: [Int],
        hiddenActivation: Activation,
        batchSize: Int,
        heldOutFraction: Double,
        generator: inout SeededGenerator
    ) {
        var splitGenerator = SeededGenerator(seed: generator.next())
        var weightGenerator = SeededGenerator(seed: generator.next())
        let batchGenerator = SeededGenerator(seed: generator.next())

        (trainingSet, heldOutSet) = dataset.stratifiedSplit(heldOutFraction: heldOutFraction, generator: &splitGenerator)
        network = MultilayerPerceptron(
            layerSizes: [dataset.featureCount] + hiddenSizes + [dataset.classCount],
            hiddenActivation: hiddenActivation,
            batchCapacity: batchSize,
            generator: &weightGenerator
        )
        sampler = MinibatchSampler(rowCount: trainingSet.count, generator: batchGenerator)
        batchRows = [Int](repeating: 0, count: batchSize)
    }

    /// Number of full passes over the training set finished so far.
    var completedEpochs: Int { sampler.completedEpochs }

    func trainingStep() throws -> Double {
        sampler.fill(&batchRows)
        return try network.computeLossAndGradients(on: trainingSet, rows: batchRows)
    }

    /// Returns held-out accuracy (a fraction in 0...1) and mean cross-entropy loss (in nats).
    func evaluate() throws -> [EvaluationMetric] {
        let result = try network.measure(on: heldOutSet)
        return [(name: "accuracy", value: result.accuracy), (name: "loss", value: result.meanLoss)]
    }
}
