import Foundation

/// The nonlinearity applied after every hidden layer.
enum Activation: Sendable {
    case relu
    case tanh

    /// Applies the function in place to `count` values.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu:
            for i in 0..<count {
                values[i] = values[i] > 0 ? values[i] : 0
            }
        case .tanh:
            for i in 0..<count {
                values[i] = Foundation.tanh(values[i])
            }
        }
    }

    /// Multiplies each `gradients[i]` by the derivative at the point whose output was
    /// `outputs[i]`. Both functions have a derivative that the output alone determines,
    /// so the pre-activation values need not be kept.
    func multiplyByDerivative(_ gradients: UnsafeMutablePointer<Float>, outputs: UnsafePointer<Float>, count: Int) {
        switch self {
        case .relu:
            // The derivative at exactly 0 is taken as 0, as in PyTorch.
            for i in 0..<count {
                gradients[i] = outputs[i] > 0 ? gradients[i] : 0
            }
        case .tanh:
            for i in 0..<count {
                gradients[i] *= 1 - outputs[i] * outputs[i]
            }
        }
    }

    /// Standard deviation of the normal initial weights for a layer with `fanIn` inputs
    /// and `fanOut` outputs: He (Kaiming) for ReLU, Glorot (Xavier) for tanh.
    func initialWeightDeviation(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .relu:
            return (2.0 / Double(fanIn)).squareRoot()
        case .tanh:
            return (2.0 / Double(fanIn + fanOut)).squareRoot()
        }
    }
}
