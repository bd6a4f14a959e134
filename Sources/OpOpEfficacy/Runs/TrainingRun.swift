import Dispatch
import OpOpBrain

/// Runs one specification from a fresh task, optimizer and brain to its result.
public enum TrainingRun {
    /// Trains `specification.task` for its steps and evaluates it along the way. A
    /// diverged run stops at once, and its remaining evaluations count as +infinity.
    ///
    /// Throws when the task cannot be made or stepped, or when the brain rejects the
    /// preset's configuration (`BrainError.invalidConfiguration`).
    public static func run(_ specification: RunSpecification, brainPreset: BrainPreset) throws -> RunResult {
        let task = try specification.task.makeTask(seed: specification.seed)
        let groups = task.groups
        let parameterCounts = groups.map(\.count)
        let optimizer = try makeAdjustableOptimizer(specification.optimizer, learningRate: specification.learningRate)
        let brainOptimizer = try makeBrainOptimizer(
            specification, base: optimizer, groupNames: groups.map(\.name), preset: brainPreset)

        let initialLoss = try task.evaluate().loss
        let evaluationSteps = specification.evaluationSteps
        var losses: [Double] = []
        var accuracy: Double?
        var multipliers: [Double] = []
        multipliers.reserveCapacity(specification.steps)
        var divergedAtStep: Int?
        var stepNanoseconds: UInt64 = 0
        var step = 0

        for evaluationStep in evaluationSteps {
            let start = DispatchTime.now().uptimeNanoseconds
            while step < evaluationStep && divergedAtStep == nil {
                if specification.method.schedule != .constant {
                    let factor = specification.method.schedule.factor(step: step, of: specification.steps)
                    try optimizer.setLearningRate(specification.learningRate * Float(factor))
                }

                let loss = try task.trainingStep()
                step += 1
                guard loss.isFinite else {
                    divergedAtStep = step
                    break
                }

                if let brainOptimizer {
                    let report = try brainOptimizer.step(groups, loss: loss)
                    if specification.method.brainMode == .learning {
                        multipliers.append(effectiveMultiplier(scales: report.knobs.map(\.scale), parameterCounts: parameterCounts))
                    }
                } else {
                    try optimizer.step(groups)
                }
            }
            stepNanoseconds += DispatchTime.now().uptimeNanoseconds - start
            guard divergedAtStep == nil else { break }

            let evaluation = try task.evaluate()
            guard evaluation.loss.isFinite, evaluation.loss <= RunResult.divergenceFactor * initialLoss else {
                divergedAtStep = step
                break
            }
            losses.append(evaluation.loss)
            accuracy = evaluation.accuracy
        }

        if divergedAtStep != nil {
            losses += Array(repeating: .infinity, count: evaluationSteps.count - losses.count)
            accuracy = nil
        }
        return RunResult(
            specification: specification, initialLoss: initialLoss, evaluationSteps: evaluationSteps,
            evaluationLosses: losses, finalAccuracy: accuracy, divergedAtStep: divergedAtStep, stepsTaken: step,
            effectiveMultiplier: multipliers.isEmpty ? nil : median(multipliers),
            microsecondsPerStep: step == 0 ? 0 : Double(stepNanoseconds) / 1000 / Double(step))
    }

    private static func makeAdjustableOptimizer(_ kind: OptimizerKind, learningRate: Float) throws -> AdjustableLearningRate {
        let optimizer = try makeOptimizer(kind: kind, learningRate: learningRate)
        guard let adjustable = optimizer as? AdjustableLearningRate else {
            preconditionFailure("optimizer \(kind.rawValue) cannot change its learning rate; conform it to AdjustableLearningRate")
        }
        return adjustable
    }

    private static func makeBrainOptimizer(
        _ specification: RunSpecification, base: BaseOptimizer, groupNames: [String], preset: BrainPreset
    ) throws -> BrainOptimizer? {
        guard specification.method.brainMode != .none else { return nil }

        let configuration = preset.configuration(groupNames: groupNames, seed: specification.brainSeed)
        let brain = try Brain(configuration: configuration)
        if specification.method.brainMode == .frozen {
            brain.freeze()
        }
        return BrainOptimizer(base: base, brain: brain)
    }
}
