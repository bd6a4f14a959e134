import OpOpBrain

/// Every run of one suite and the tuning behind its rates.
public struct SuiteResults: Sendable {
    public var configuration: SuiteConfiguration
    public var tunings: [RateTuning]
    public var tuningRuns: [RunResult]
    /// The runs on the evaluation seeds, every method of every task and optimizer.
    public var runs: [RunResult]
    public var elapsedSeconds: Double

    /// Returns the evaluation runs of one method, ordered by seed.
    public func runs(task: TaskKind, optimizer: OptimizerKind, method: Method) -> [RunResult] {
        runs.filter {
            $0.specification.task == task && $0.specification.optimizer == optimizer && $0.specification.method == method
        }
        .sorted { $0.specification.seed < $1.specification.seed }
    }

    /// Returns the tuning of `method` (`bare-tuned` or `cosine-tuned`) for a task that is
    /// tuned itself, nil for other methods and for `invariance`, which reuses `teacher`'s.
    public func tuning(task: TaskKind, optimizer: OptimizerKind, method: Method) -> RateTuning? {
        tunings.first { $0.task == task && $0.optimizer == optimizer && $0.method == method }
    }
}
