import OpOpBrain

/// The metrics of one method on one task and optimizer, over the evaluation seeds.
public struct MethodSummary: Sendable, Encodable {
    public var task: TaskKind
    public var optimizer: String
    public var method: Method
    public var runCount: Int
    /// The median rate over the seeds; only `bare-at-multiplier` has a rate per seed.
    public var learningRate: Double
    public var finalLossMedian: Double
    public var finalLossInterquartileRange: Double
    /// Median over the seeds of this run's loss AUC over bare-tuned's on the same seed.
    public var areaRatioMedian: Double
    /// The loss the steps-to-target count aims for: 1.05 × bare-tuned's median final loss.
    public var targetLoss: Double
    /// Median steps to the target over the runs that reached it, nil when none did.
    public var stepsToTargetMedian: Double?
    public var reachedTargetShare: Double
    public var divergedCount: Int
    public var microsecondsPerStepMedian: Double
    public var accuracyMedian: Double?
    /// Median over the seeds of the brain's effective multiplier, for learning brains.
    public var effectiveMultiplierMedian: Double?
    /// For brain methods, the bare method at the same rate that they are paired with.
    public var pairedMethod: Method?
    /// Share of seeds on which this method's final loss is strictly below the paired method's.
    public var pairedWinRate: Double?
    /// Final loss over the paired method's, per seed in seed order.
    public var pairedFinalLossRatios: [Double]

    /// The factor on bare-tuned's median final loss that sets the target loss.
    public static let targetFactor = 1.05

    /// Computes the metrics of `method` from the suite's evaluation runs.
    public init(results: SuiteResults, task: TaskKind, optimizer: OptimizerKind, method: Method) {
        let runs = results.runs(task: task, optimizer: optimizer, method: method)
        let tunedRuns = results.runs(task: task, optimizer: optimizer, method: .bareTuned)
        let tunedBySeed = Dictionary(tunedRuns.map { ($0.specification.seed, $0) }, uniquingKeysWith: { first, _ in first })

        self.task = task
        self.optimizer = optimizer.rawValue
        self.method = method
        runCount = runs.count
        learningRate = median(runs.map { Double($0.specification.learningRate) })
        finalLossMedian = median(runs.map(\.finalLoss))
        finalLossInterquartileRange = interquartileRange(runs.map(\.finalLoss))
        areaRatioMedian = median(runs.compactMap { run in
            tunedBySeed[run.specification.seed].map { pairedRatio(run.lossArea, over: $0.lossArea) }
        })

        let target = Self.targetFactor * median(tunedRuns.map(\.finalLoss))
        targetLoss = target
        let reached = runs.compactMap { run in
            stepsToTarget(steps: run.evaluationSteps, losses: run.evaluationLosses, target: target).map(Double.init)
        }
        stepsToTargetMedian = reached.isEmpty ? nil : median(reached)
        reachedTargetShare = runs.isEmpty ? 0 : Double(reached.count) / Double(runs.count)

        divergedCount = runs.filter(\.diverged).count
        microsecondsPerStepMedian = median(runs.map(\.microsecondsPerStep))
        let accuracies = runs.compactMap(\.finalAccuracy)
        accuracyMedian = accuracies.isEmpty ? nil : median(accuracies)
        let multipliers = runs.compactMap(\.effectiveMultiplier)
        effectiveMultiplierMedian = multipliers.isEmpty ? nil : median(multipliers)

        pairedMethod = method.bareCounterpart
        pairedFinalLossRatios = []
        pairedWinRate = nil
        if let counterpart = method.bareCounterpart {
            let bareRuns = results.runs(task: task, optimizer: optimizer, method: counterpart)
            let bareBySeed = Dictionary(bareRuns.map { ($0.specification.seed, $0) }, uniquingKeysWith: { first, _ in first })
            let pairs = runs.compactMap { run in
                bareBySeed[run.specification.seed].map { (value: run.finalLoss, baseline: $0.finalLoss) }
            }
            pairedFinalLossRatios = pairs.map { pairedRatio($0.value, over: $0.baseline) }
            pairedWinRate = winRate(pairs)
        }
    }
}
