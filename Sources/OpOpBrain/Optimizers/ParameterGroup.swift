/// A named block of trainable parameters and the gradient of the loss with respect to it.
///
/// A model owns its groups and fills `gradient` during its backward pass; an optimizer
/// reads `gradient` and changes `values` in place. The knobs of the brain are decided per
/// group, so a workload makes one group per layer's weights and one per layer's biases.
public final class ParameterGroup {
    public let name: String
    public var values: [Float]
    public var gradient: [Float]

    /// Creates a group; `gradient` starts as zeros of the same count as `values`.
    public init(name: String, values: [Float]) {
        self.name = name
        self.values = values
        self.gradient = [Float](repeating: 0, count: values.count)
    }

    public var count: Int { values.count }
}
