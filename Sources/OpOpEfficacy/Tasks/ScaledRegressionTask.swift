import Foundation
import OpOpBrain

/// A badly scaled linear regression: blocks of features whose scales run from 1e-2 to 1e2,
/// one parameter group per block.
///
/// The features of a block with scale s are normal with standard deviation s, and a fixed
/// random rule gives every block a similar share of the target's variance, so its weights
/// are of order 1/s. The curvature of a block's weights is therefore about s², which
/// spans eight orders of magnitude: no single SGD rate suits every block, while Adam
/// rescales each coordinate. The loss is ½·mean squared error, and the evaluation loss is
/// that mean over all examples.
public final class ScaledRegressionTask: EfficacyTask {
    public static let blockScales: [Float] = [1e-2, 1e-1, 1, 1e1, 1e2]
    public static let blockWidth = 8
    public static let exampleCount = 1024
    public static let batchSize = 32
    /// Standard deviation of the noise added to every target.
    public static let targetNoise = 0.1
    static let dataSeed: UInt64 = 0x5CA1_ED00

    public var groups: [ParameterGroup] { model.groups }

    let model: BlockLinearModel
    let features: [Float]
    let targets: [Float]
    private var batchGenerator: SeededGenerator
    private var batchRows: [Int]

    /// Creates the data from the fixed data seed and the initial weights and minibatch
    /// order from `seed`. The initial weights are small against each block's scale.
    public init(
        seed: UInt64, exampleCount: Int = ScaledRegressionTask.exampleCount,
        blockWidth: Int = ScaledRegressionTask.blockWidth, batchSize: Int = ScaledRegressionTask.batchSize
    ) {
        let scales = Self.blockScales
        let featureCount = scales.count * blockWidth
        let blockShare = 1 / Double(scales.count * blockWidth)

        var dataGenerator = SeededGenerator(seed: Self.dataSeed)
        var rule: [Float] = []
        for scale in scales {
            rule += dataGenerator.normals(count: blockWidth, deviation: blockShare.squareRoot() / Double(scale))
        }

        var features = [Float](repeating: 0, count: exampleCount * featureCount)
        var targets = [Float](repeating: 0, count: exampleCount)
        for row in 0..<exampleCount {
            var target = Self.targetNoise * dataGenerator.nextNormal()
            for index in 0..<featureCount {
                let value = Float(dataGenerator.nextNormal()) * scales[index / blockWidth]
                features[row * featureCount + index] = value
                target += Double(rule[index] * value)
            }
            targets[row] = Float(target)
        }

        var initialGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 1))
        let blocks = scales.map { scale in
            (name: "scale-\(Self.scaleName(scale))",
             weights: initialGenerator.normals(count: blockWidth, deviation: 0.1 * blockShare.squareRoot() / Double(scale)))
        }
        model = BlockLinearModel(blocks: blocks, bias: nil)
        self.features = features
        self.targets = targets
        batchGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 2))
        batchRows = [Int](repeating: 0, count: batchSize)
    }

    public func trainingStep() throws -> Double {
        drawRows(&batchRows, rowCount: targets.count, generator: &batchGenerator)
        return lossAndGradients(rows: batchRows)
    }

    public func evaluate() throws -> TaskEvaluation {
        TaskEvaluation(loss: meanLoss(rows: 0..<targets.count, writesGradients: false))
    }

    /// Writes the gradients of the mean loss over `rows` and returns that loss.
    func lossAndGradients(rows: [Int]) -> Double {
        meanLoss(rows: rows, writesGradients: true)
    }

    private func meanLoss(rows: some Collection<Int>, writesGradients: Bool) -> Double {
        model.meanLoss(features: features, rows: rows, writesGradients: writesGradients) { output, row in
            let residual = output - Double(targets[row])
            return (0.5 * residual * residual, residual)
        }
    }

    /// Returns a scale as a group name would show it: "0.01", "0.1", "1", "10", "100".
    static func scaleName(_ scale: Float) -> String {
        String(format: "%g", Double(scale))
    }
}
