import Foundation
import OpOpBrain

/// Labelled examples stored row by row: `features[i * featureCount + j]` is feature j
/// of example i, and `labels[i]` is 0 or 1.
struct Dataset {
    var featureCount: Int
    var features: [Float]
    var labels: [Float]

    var count: Int { labels.count }

    /// Draws `count` examples from a fixed logistic model: standard normal features and
    /// a label of 1 with probability σ(w*·x + b*). The labels are therefore noisy, and
    /// even the true model misclassifies some examples.
    static func sample(
        count: Int, trueWeights: [Float], trueBias: Float, generator: inout SeededGenerator
    ) -> Dataset {
        let featureCount = trueWeights.count
        var features = [Float](repeating: 0, count: count * featureCount)
        var labels = [Float](repeating: 0, count: count)

        for example in 0..<count {
            var logit = trueBias
            for feature in 0..<featureCount {
                let value = Float(generator.nextNormal())
                features[example * featureCount + feature] = value
                logit += trueWeights[feature] * value
            }
            labels[example] = generator.nextUnitDouble() < Double(sigmoid(logit)) ? 1 : 0
        }
        return Dataset(featureCount: featureCount, features: features, labels: labels)
    }
}

/// A logistic regression p(y = 1 | x) = σ(w·x + b) with its parameters in two groups,
/// `weight` and `bias`, so the brain decides separate knobs for each.
struct LogisticRegression {
    var weight: [Float]
    var bias: [Float] = [0]

    static let groupNames = ["weight", "bias"]

    init(featureCount: Int) {
        weight = [Float](repeating: 0, count: featureCount)
    }

    /// The mean binary cross-entropy over `data`, with its gradient for each group.
    struct Evaluation {
        var loss: Double
        var weightGradient: [Float]
        var biasGradient: [Float]
        /// The fraction of examples whose label the model predicts, at threshold 0.5.
        var accuracy: Double
    }

    /// Computes the loss, the gradient and the accuracy on `data` at the current parameters.
    ///
    /// The gradient of the mean cross-entropy is (σ(z) − y)·x averaged over the examples
    /// for `weight`, and (σ(z) − y) averaged for `bias`.
    func evaluate(on data: Dataset) -> Evaluation {
        var loss = 0.0
        var correct = 0
        var weightGradient = [Float](repeating: 0, count: weight.count)
        var biasGradient: Float = 0

        for example in 0..<data.count {
            let row = example * data.featureCount
            var logit = bias[0]
            for feature in 0..<weight.count {
                logit += weight[feature] * data.features[row + feature]
            }

            let label = data.labels[example]
            loss += Double(Self.crossEntropy(logit: logit, label: label))
            if (logit > 0) == (label == 1) {
                correct += 1
            }

            let error = sigmoid(logit) - label
            for feature in 0..<weight.count {
                weightGradient[feature] += error * data.features[row + feature]
            }
            biasGradient += error
        }

        let scale = 1 / Float(data.count)
        return Evaluation(
            loss: loss / Double(data.count),
            weightGradient: weightGradient.map { $0 * scale },
            biasGradient: [biasGradient * scale],
            accuracy: Double(correct) / Double(data.count))
    }

    /// Returns −[y·log σ(z) + (1 − y)·log(1 − σ(z))], written as max(z, 0) − y·z +
    /// log(1 + e^−|z|) so that a large |z| neither overflows nor takes log(0).
    private static func crossEntropy(logit: Float, label: Float) -> Float {
        max(logit, 0) - label * logit + log1p(exp(-abs(logit)))
    }
}

func sigmoid(_ value: Float) -> Float {
    1 / (1 + exp(-value))
}
