import OpOpBrain

/// A training problem of the efficacy suite: minibatch steps for the optimizer and a
/// deterministic measurement for the report.
///
/// All randomness (data, initial parameters, minibatch order) comes from seeds fixed when
/// the task is made, so two tasks made alike and given the same updates produce the same
/// losses bit for bit.
public protocol EfficacyTask: AnyObject {
    /// The trainable parameters, several groups per task because the brain decides per
    /// group. The array and its order stay the same for the life of the task.
    var groups: [ParameterGroup] { get }

    /// Samples the next minibatch, overwrites every group's gradient with the gradient of
    /// the minibatch loss and returns that loss. A non-finite loss is returned as it is.
    func trainingStep() throws -> Double

    /// Measures the current parameters without noise and without changing any gradient.
    func evaluate() throws -> TaskEvaluation
}

/// The deterministic measurement of a task's parameters at one point of a run.
public struct TaskEvaluation: Sendable, Equatable {
    /// The evaluation loss: on the full data, or the exact expected loss, never a minibatch.
    public var loss: Double

    /// The fraction of held-out examples classified correctly, for classifiers that report it.
    public var accuracy: Double?

    public init(loss: Double, accuracy: Double? = nil) {
        self.loss = loss
        self.accuracy = accuracy
    }
}
