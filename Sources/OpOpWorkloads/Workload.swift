import OpOpBrain

/// One held-out measurement of a workload, such as `("accuracy", 0.96)`.
public typealias EvaluationMetric = (name: String, value: Double)

/// A real training task that an optimizer, wrapped by the brain, can train step by step.
///
/// A workload owns its model and data. It computes the loss and the gradients, and the
/// caller updates the parameters. After `trainingStep()` returns, every group's
/// `gradient` contains the gradient of the returned loss, and the caller changes
/// `values` in place before the next step. All randomness (data split, initial weights,
/// minibatches) comes from the seed the workload was made with, so two workloads made
/// with the same seed and given the same updates produce the same losses.
public protocol Workload: AnyObject {
    /// Short identifier used on the command line, such as "digits".
    var name: String { get }

    /// One line for `--help`: the data and the model.
    var summary: String { get }

    /// The trainable parameters, one group per layer's weights and one per layer's biases,
    /// named like "fc1.weight" and "fc1.bias". The array and its order stay the same for
    /// the life of the workload.
    var groups: [ParameterGroup] { get }

    /// Samples the next minibatch, runs the forward and backward passes, overwrites every
    /// group's gradient and returns the mean loss over the minibatch.
    ///
    /// A non-finite loss (for example after the weights overflowed) is returned as is,
    /// because counting such steps is the caller's job. Throws `WorkloadError` when the
    /// model cannot run, such as when a group's `values` no longer has the expected count.
    func trainingStep() throws -> Double

    /// Measures the model on held-out data it never trains on, without changing any
    /// gradient. Returns the metrics in display order, such as accuracy then loss.
    func evaluate() throws -> [EvaluationMetric]
}
