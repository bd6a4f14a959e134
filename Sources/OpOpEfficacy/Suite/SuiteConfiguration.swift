import OpOpBrain

/// The scope of one suite run (tasks, optimizers, seeds) and its effort (grid, steps, threads).
public struct SuiteConfiguration: Sendable {
    /// The tasks, in report order. `invariance` needs `teacher`, whose rates and results
    /// it reuses, so `normalized()` adds it.
    public var tasks: [TaskKind]
    public var optimizers: [OptimizerKind]
    public var evaluationSeeds: [UInt64]
    /// Seeds for tuning the rates, disjoint from the evaluation seeds.
    public var tuningSeeds: [UInt64]
    /// The tuning grid: the default rate times 2^k for each k.
    public var gridExponents: [Int]
    /// How far the grid may grow past either end when the best rate lies at an end:
    /// no tuned k goes beyond ±`gridLimit`.
    public var gridLimit: Int
    /// Each task's steps are `TaskKind.steps` times this fraction.
    public var stepFraction: Double
    /// Evaluation points per run; the loss AUC is their mean.
    public var evaluationCount: Int
    public var brainPreset: BrainPreset
    /// Worker threads; the results do not depend on it.
    public var jobs: Int

    /// Returns the full suite: 10 evaluation seeds, 3 tuning seeds, a 9-point grid (2^-4 to 2^4),
    /// every task and both optimizers on 2 threads.
    public static func standard() -> SuiteConfiguration {
        SuiteConfiguration(
            tasks: TaskKind.allCases, optimizers: [.momentum, .adam], evaluationSeeds: Array(0..<10),
            tuningSeeds: tuningSeeds(count: 3), gridExponents: Array(-4...4), gridLimit: 10, stepFraction: 1,
            evaluationCount: 50, brainPreset: BrainPreset.all[0], jobs: 2)
    }

    /// Returns the short mode for CI: 2 evaluation seeds, 1 tuning seed, a 3-point grid
    /// (2^-2, 1, 2^2) and a tenth of the steps.
    public static func quick() -> SuiteConfiguration {
        var configuration = standard()
        configuration.evaluationSeeds = [0, 1]
        configuration.tuningSeeds = tuningSeeds(count: 1)
        configuration.gridExponents = [-2, 0, 2]
        configuration.stepFraction = 0.1
        configuration.evaluationCount = 20
        return configuration
    }

    /// Returns `count` tuning seeds, numbered from one million so they stay clear of the
    /// evaluation seeds 0, 1, 2...
    public static func tuningSeeds(count: Int) -> [UInt64] {
        (0..<UInt64(count)).map { 1_000_000 + $0 }
    }

    /// Returns the configuration with `teacher` added before `invariance` when only the
    /// latter was asked for, and the tasks in report order.
    public func normalized() -> SuiteConfiguration {
        var copy = self
        var tasks = Set(self.tasks)
        if tasks.contains(.invariance) {
            tasks.insert(.teacher)
        }
        copy.tasks = TaskKind.allCases.filter { tasks.contains($0) }
        return copy
    }

    /// Returns the steps of a run of `task`, at least 20.
    public func steps(for task: TaskKind) -> Int {
        max(20, Int((Double(task.steps) * stepFraction).rounded()))
    }
}
