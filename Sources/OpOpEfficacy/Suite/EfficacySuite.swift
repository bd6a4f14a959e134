import Dispatch
import OpOpBrain

/// Runs the efficacy suite: tunes the baselines' rates, runs every method on the
/// evaluation seeds, then the bare optimizer at the brain's multiplier.
public enum EfficacySuite {
    /// Runs `configuration` (normalised first) and reports one line per finished phase
    /// to `progress`. Throws the first error a run raised, such as a digits data failure.
    public static func run(_ configuration: SuiteConfiguration, progress: (String) -> Void) throws -> SuiteResults {
        let configuration = configuration.normalized()
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }

        let (tunings, tuningRuns) = try tune(configuration, progress: progress, elapsed: elapsed)

        let mainSpecifications = configuration.tasks.flatMap { task in
            configuration.optimizers.flatMap { optimizer in
                Method.allCases.filter { $0 != .bareAtMultiplier }.flatMap { method in
                    configuration.evaluationSeeds.map { seed in
                        evaluationSpecification(
                            configuration, task: task, optimizer: optimizer, method: method, seed: seed,
                            learningRate: learningRate(task: task, optimizer: optimizer, method: method, tunings: tunings))
                    }
                }
            }
        }
        let mainRuns = try runAll(mainSpecifications, configuration)
        progress("evaluation: \(mainRuns.count) runs, \(formatSeconds(elapsed())) elapsed")

        let multiplierSpecifications = mainRuns.filter { $0.specification.method == .brainTuned }.map { brainRun in
            var specification = brainRun.specification
            specification.method = .bareAtMultiplier
            specification.learningRate *= Float(brainRun.effectiveMultiplier ?? 1)
            return specification
        }
        let multiplierRuns = try runAll(multiplierSpecifications, configuration)
        progress("bare-at-multiplier: \(multiplierRuns.count) runs, \(formatSeconds(elapsed())) elapsed")

        return SuiteResults(
            configuration: configuration, tunings: tunings, tuningRuns: tuningRuns, runs: mainRuns + multiplierRuns,
            elapsedSeconds: elapsed())
    }

    /// Tunes `bare-tuned` and `cosine-tuned` for every task that has no twin, in rounds:
    /// the grid first, then single points past an end while the best rate sits there.
    static func tune(
        _ configuration: SuiteConfiguration, progress: (String) -> Void, elapsed: () -> Double
    ) throws -> ([RateTuning], [RunResult]) {
        var tunings = configuration.tasks.filter { $0.twin == nil }.flatMap { task in
            configuration.optimizers.flatMap { optimizer in
                [Method.bareTuned, .cosineTuned].map {
                    RateTuning(task: task, optimizer: optimizer, method: $0, medianFinalLossByExponent: [:])
                }
            }
        }
        var allRuns: [RunResult] = []

        for round in 1... {
            var specifications: [RunSpecification] = []
            var pending: [(tuning: Int, exponent: Int)] = []
            for (index, tuning) in tunings.enumerated() {
                for exponent in tuning.nextExponents(grid: configuration.gridExponents, limit: configuration.gridLimit) {
                    pending.append((index, exponent))
                    specifications += configuration.tuningSeeds.map { seed in
                        RunSpecification(
                            task: tuning.task, optimizer: tuning.optimizer, method: tuning.method, seed: seed,
                            learningRate: RateTuning.learningRate(exponent: exponent, optimizer: tuning.optimizer),
                            steps: configuration.steps(for: tuning.task), evaluationCount: configuration.evaluationCount,
                            isTuning: true)
                    }
                }
            }
            guard !specifications.isEmpty else { break }

            let runs = try runAll(specifications, configuration)
            let seedsPerPoint = configuration.tuningSeeds.count
            for (position, point) in pending.enumerated() {
                let pointRuns = runs[(position * seedsPerPoint)..<((position + 1) * seedsPerPoint)]
                tunings[point.tuning].medianFinalLossByExponent[point.exponent] = median(pointRuns.map(\.finalLoss))
            }
            allRuns += runs
            progress("tuning round \(round): \(runs.count) runs, \(formatSeconds(elapsed())) elapsed")
        }
        return (tunings, allRuns)
    }

    /// Returns the rate `method` runs at on the evaluation seeds, before any multiplier.
    /// A task with a twin takes the twin's rate, converted by `TaskKind.twinLearningRate`.
    static func learningRate(task: TaskKind, optimizer: OptimizerKind, method: Method, tunings: [RateTuning]) -> Float {
        let source = task.twin ?? task
        func tuned(_ tunedMethod: Method) -> Float {
            let tuning = tunings.first { $0.task == source && $0.optimizer == optimizer && $0.method == tunedMethod }
            guard let exponent = tuning?.bestExponent else {
                preconditionFailure("no tuned rate for \(tunedMethod.rawValue) on \(source.rawValue) with \(optimizer.rawValue); tune before evaluating")
            }
            return RateTuning.learningRate(exponent: exponent, optimizer: optimizer)
        }

        let rate: Float
        switch method {
        case .bareDefault, .brainDefault: rate = optimizer.defaultLearningRate
        case .bareTuned, .brainTuned, .brainFrozen, .bareAtMultiplier: rate = tuned(.bareTuned)
        case .bareNudged: rate = tuned(.bareTuned) * Method.nudgeFactor
        case .cosineTuned: rate = tuned(.cosineTuned)
        }
        return task.twin == nil ? rate : task.twinLearningRate(rate, optimizer: optimizer)
    }

    static func evaluationSpecification(
        _ configuration: SuiteConfiguration, task: TaskKind, optimizer: OptimizerKind, method: Method, seed: UInt64,
        learningRate: Float
    ) -> RunSpecification {
        RunSpecification(
            task: task, optimizer: optimizer, method: method, seed: seed, learningRate: learningRate,
            steps: configuration.steps(for: task), evaluationCount: configuration.evaluationCount)
    }

    /// Runs the specifications on the configured threads, the costliest first, and returns
    /// the results in the specifications' order.
    static func runAll(_ specifications: [RunSpecification], _ configuration: SuiteConfiguration) throws -> [RunResult] {
        let order = specifications.indices.sorted { estimatedCost(specifications[$0]) > estimatedCost(specifications[$1]) }
        let preset = configuration.brainPreset
        let results = try ParallelRuns.map(order.map { specifications[$0] }, jobs: configuration.jobs) { specification in
            try TrainingRun.run(specification, brainPreset: preset)
        }

        var ordered = [RunResult?](repeating: nil, count: specifications.count)
        for (position, index) in order.enumerated() {
            ordered[index] = results[position]
        }
        return ordered.map { $0! }
    }

    /// Returns a rough relative cost, for scheduling only: a digits step costs several times another task's.
    private static func estimatedCost(_ specification: RunSpecification) -> Double {
        let perStep = specification.task == .digits ? 5.0 : 1.0
        let brain = specification.method.brainMode == .none ? 1.0 : 1.5
        return Double(specification.steps) * perStep * brain
    }
}

/// Returns seconds as "12.3 s".
func formatSeconds(_ seconds: Double) -> String {
    "\((seconds * 10).rounded() / 10) s"
}
