import OpOpBrain
import OpOpWorkloads

/// The project's digits workload (an MLP 64-64-10 on the 8x8 digits data) as a suite task.
///
/// Its evaluation is the workload's own: cross-entropy and accuracy on the held-out fifth
/// of the images, which depend on the parameters alone.
public final class DigitsTask: EfficacyTask {
    let workload: DigitsWorkload

    /// Throws if the embedded digits data does not decode (see `DigitsWorkload.init`).
    public init(seed: UInt64) throws {
        workload = try DigitsWorkload(seed: seed)
    }

    public var groups: [ParameterGroup] { workload.groups }

    public func trainingStep() throws -> Double {
        try workload.trainingStep()
    }

    public func evaluate() throws -> TaskEvaluation {
        let metrics = try workload.evaluate()
        guard let loss = metrics.first(where: { $0.name == "loss" })?.value else {
            throw EfficacyError.missingMetric(task: "digits", metric: "loss", available: metrics.map(\.name))
        }
        return TaskEvaluation(loss: loss, accuracy: metrics.first { $0.name == "accuracy" }?.value)
    }
}
