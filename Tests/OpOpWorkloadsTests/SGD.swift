import OpOpBrain

/// Plain stochastic gradient descent, `values -= learningRate * gradient`, so the tests
/// can train without the brain.
func applySGD(to groups: [ParameterGroup], learningRate: Float) {
    for group in groups {
        group.gradient.withUnsafeBufferPointer { gradient in
            group.values.withUnsafeMutableBufferPointer { values in
                for i in 0..<values.count {
                    values[i] -= learningRate * gradient[i]
                }
            }
        }
    }
}
