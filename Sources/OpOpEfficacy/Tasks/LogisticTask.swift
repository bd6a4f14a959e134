import Foundation
import OpOpBrain

/// Logistic regression on synthetic data with label noise.
///
/// Each example has `denseCount` standard normal features and `sparseCount` binary
/// features that are 1 with probability `sparseRate`. A fixed random linear rule gives
/// each label's probability, and then `labelNoise` of the labels are flipped, so even the
/// rule itself has a loss well above zero. The model has three groups: the dense weights,
/// the sparse weights, whose gradients are mostly zero, and the bias. The loss is the mean
/// binary cross-entropy in nats; the evaluation loss is that mean over all examples.
public final class LogisticTask: EfficacyTask {
    public static let exampleCount = 2048
    public static let denseCount = 24
    public static let sparseCount = 8
    public static let sparseRate = 0.05
    public static let labelNoise = 0.1
    public static let batchSize = 32
    /// Seeds the data, which is the same for every run seed.
    static let dataSeed: UInt64 = 0x1061_5710

    public var groups: [ParameterGroup] { model.groups }

    let model: BlockLinearModel
    let features: [Float]
    let labels: [Float]
    private var batchGenerator: SeededGenerator
    private var batchRows: [Int]

    /// Creates the data from the fixed data seed (`exampleCount` examples unless given)
    /// and the initial weights and minibatch order from `seed`.
    public init(seed: UInt64, exampleCount: Int = LogisticTask.exampleCount, batchSize: Int = LogisticTask.batchSize) {
        let featureCount = Self.denseCount + Self.sparseCount
        var dataGenerator = SeededGenerator(seed: Self.dataSeed)
        let denseRule = dataGenerator.normals(count: Self.denseCount, deviation: 2 / Double(Self.denseCount).squareRoot())
        let sparseRule = dataGenerator.normals(count: Self.sparseCount, deviation: 2)
        let biasRule = 0.3

        var features = [Float](repeating: 0, count: exampleCount * featureCount)
        var labels = [Float](repeating: 0, count: exampleCount)
        for row in 0..<exampleCount {
            var logit = biasRule
            for index in 0..<Self.denseCount {
                let value = Float(dataGenerator.nextNormal())
                features[row * featureCount + index] = value
                logit += Double(denseRule[index] * value)
            }
            for index in 0..<Self.sparseCount where dataGenerator.nextUnitDouble() < Self.sparseRate {
                features[row * featureCount + Self.denseCount + index] = 1
                logit += Double(sparseRule[index])
            }
            var label = dataGenerator.nextUnitDouble() < 1 / (1 + exp(-logit))
            if dataGenerator.nextUnitDouble() < Self.labelNoise {
                label.toggle()
            }
            labels[row] = label ? 1 : 0
        }

        var initialGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 1))
        model = BlockLinearModel(
            blocks: [
                (name: "dense.weight", weights: initialGenerator.normals(count: Self.denseCount, deviation: 0.1)),
                (name: "sparse.weight", weights: initialGenerator.normals(count: Self.sparseCount, deviation: 0.1)),
            ],
            bias: (name: "bias", value: 0))
        self.features = features
        self.labels = labels
        batchGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 2))
        batchRows = [Int](repeating: 0, count: batchSize)
    }

    public func trainingStep() throws -> Double {
        drawRows(&batchRows, rowCount: labels.count, generator: &batchGenerator)
        return lossAndGradients(rows: batchRows)
    }

    public func evaluate() throws -> TaskEvaluation {
        TaskEvaluation(loss: meanLoss(rows: 0..<labels.count, writesGradients: false))
    }

    /// Writes the gradients of the mean loss over `rows` and returns that loss.
    func lossAndGradients(rows: [Int]) -> Double {
        meanLoss(rows: rows, writesGradients: true)
    }

    private func meanLoss(rows: some Collection<Int>, writesGradients: Bool) -> Double {
        model.meanLoss(features: features, rows: rows, writesGradients: writesGradients) { logit, row in
            let label = Double(labels[row])
            return (Self.crossEntropy(logit: logit, label: label), 1 / (1 + exp(-logit)) - label)
        }
    }

    /// Returns log(1 + eᶻ) − y·z, the cross-entropy of label y under logit z, without overflow.
    static func crossEntropy(logit: Double, label: Double) -> Double {
        max(logit, 0) - label * logit + log1p(exp(-abs(logit)))
    }
}
