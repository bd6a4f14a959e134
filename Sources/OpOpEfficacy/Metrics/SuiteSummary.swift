import OpOpBrain

/// The suite's result in a few numbers, each against a bar that it passes or fails.
///
/// The worst case, the AUC ratio and the cosine comparison leave `invariance` out,
/// because its runs repeat `teacher`'s. The frozen check covers every task.
public struct SuiteSummary: Sendable, Encodable {
    /// The largest per-seed final-loss ratio of a brain method over the bare method at
    /// the same rate, with where it happened.
    public struct WorstCase: Sendable, Encodable {
        public var ratio: Double
        public var task: TaskKind
        public var optimizer: String
        public var seed: UInt64
    }

    /// Brain-tuned against cosine-tuned on one task and optimizer.
    public struct CosineComparison: Sendable, Encodable {
        public var task: TaskKind
        public var optimizer: String
        public var brainTunedMedian: Double
        public var cosineTunedMedian: Double
        /// Whether brain-tuned's median final loss is at most `cosineMatchTolerance` times cosine-tuned's.
        public var matches: Bool
    }

    /// The agreement of invariance's results, divided by the loss scale, with teacher's.
    public struct InvarianceAgreement: Sendable, Encodable {
        public var optimizer: String
        public var method: Method
        /// Median over the seeds of |invariance final loss / 100 / teacher final loss − 1|.
        public var medianDeviation: Double
    }

    /// One bar of the summary: a measured value against its threshold.
    public struct Bar: Sendable, Encodable {
        public var name: String
        public var value: String
        public var requirement: String
        /// nil when the runs needed to judge it were not part of this suite.
        public var passed: Bool?
    }

    public var worstCaseDefault: WorstCase?
    public var worstCaseTuned: WorstCase?
    /// The same worst case for `bare-nudged`: how large a ratio a 1% change of rate alone gives.
    public var worstCaseNudged: WorstCase?
    /// Median over tasks, optimizers and seeds of brain-tuned's loss AUC over bare-tuned's.
    public var brainTunedAreaRatioMedian: Double
    public var cosineComparisons: [CosineComparison]
    /// Tasks on which brain-tuned matches cosine-tuned on every optimizer run.
    public var tasksMatchingCosine: [TaskKind]
    public var invarianceAgreements: [InvarianceAgreement]
    /// Whether every brain-frozen run's final loss equals bare-tuned's on the same seed bit for bit.
    public var frozenExactlyNeutral: Bool
    /// The brain-frozen runs that differ, as "task/optimizer/seed".
    public var frozenMismatches: [String]
    public var bars: [Bar]

    public static let worstCaseLimit = 1.02
    public static let areaRatioLimit = 0.9
    public static let cosineMatchTolerance = 1.02
    public static let cosineMatchTaskCount = 2
    public static let invarianceTolerance = 0.01

    /// Computes the summary of the suite's evaluation runs.
    public init(results: SuiteResults) {
        let configuration = results.configuration
        let comparedTasks = configuration.tasks.filter { $0.twin == nil }

        func worstCase(_ method: Method) -> WorstCase? {
            var worst: WorstCase?
            for task in comparedTasks {
                for optimizer in configuration.optimizers {
                    let summary = MethodSummary(results: results, task: task, optimizer: optimizer, method: method)
                    let seeds = results.runs(task: task, optimizer: optimizer, method: method).map(\.specification.seed)
                    for (ratio, seed) in zip(summary.pairedFinalLossRatios, seeds) where ratio > (worst?.ratio ?? -.infinity) {
                        worst = WorstCase(ratio: ratio, task: task, optimizer: optimizer.rawValue, seed: seed)
                    }
                }
            }
            return worst
        }
        worstCaseDefault = worstCase(.brainDefault)
        worstCaseTuned = worstCase(.brainTuned)
        worstCaseNudged = worstCase(.bareNudged)

        var areaRatios: [Double] = []
        var comparisons: [CosineComparison] = []
        for task in comparedTasks {
            for optimizer in configuration.optimizers {
                let tuned = results.runs(task: task, optimizer: optimizer, method: .bareTuned)
                let brain = results.runs(task: task, optimizer: optimizer, method: .brainTuned)
                for (brainRun, tunedRun) in zip(brain, tuned) {
                    areaRatios.append(pairedRatio(brainRun.lossArea, over: tunedRun.lossArea))
                }

                let brainMedian = median(brain.map(\.finalLoss))
                let cosineMedian = median(results.runs(task: task, optimizer: optimizer, method: .cosineTuned).map(\.finalLoss))
                comparisons.append(CosineComparison(
                    task: task, optimizer: optimizer.rawValue, brainTunedMedian: brainMedian, cosineTunedMedian: cosineMedian,
                    matches: brainMedian <= Self.cosineMatchTolerance * cosineMedian))
            }
        }
        brainTunedAreaRatioMedian = median(areaRatios)
        cosineComparisons = comparisons
        tasksMatchingCosine = comparedTasks.filter { task in
            let taskComparisons = comparisons.filter { $0.task == task }
            return !taskComparisons.isEmpty && taskComparisons.allSatisfy(\.matches)
        }

        invarianceAgreements = []
        for task in configuration.tasks {
            guard let twin = task.twin else { continue }
            for optimizer in configuration.optimizers {
                for method in Method.allCases {
                    let probe = results.runs(task: task, optimizer: optimizer, method: method)
                    let plain = results.runs(task: twin, optimizer: optimizer, method: method)
                    let deviations = zip(probe, plain).map { probeRun, plainRun in
                        abs(pairedRatio(probeRun.finalLoss / task.lossScale, over: plainRun.finalLoss) - 1)
                    }
                    invarianceAgreements.append(InvarianceAgreement(
                        optimizer: optimizer.rawValue, method: method, medianDeviation: median(deviations)))
                }
            }
        }

        var mismatches: [String] = []
        for task in configuration.tasks {
            for optimizer in configuration.optimizers {
                let frozen = results.runs(task: task, optimizer: optimizer, method: .brainFrozen)
                let tuned = results.runs(task: task, optimizer: optimizer, method: .bareTuned)
                for (frozenRun, tunedRun) in zip(frozen, tuned)
                where frozenRun.finalLoss.bitPattern != tunedRun.finalLoss.bitPattern {
                    mismatches.append("\(task.rawValue)/\(optimizer.rawValue)/\(frozenRun.specification.seed)")
                }
            }
        }
        frozenExactlyNeutral = mismatches.isEmpty
        frozenMismatches = mismatches

        bars = []
        bars = makeBars()
    }

    private func makeBars() -> [Bar] {
        let worst = [worstCaseDefault, worstCaseTuned].compactMap { $0?.ratio }.max()
        let worstText = [("default", worstCaseDefault), ("tuned", worstCaseTuned), ("bare-nudged", worstCaseNudged)].map { label, worstCase in
            guard let worstCase else { return "\(label) -" }
            return "\(label) \(formatRatio(worstCase.ratio)) (\(worstCase.task.rawValue)/\(worstCase.optimizer)/seed \(worstCase.seed))"
        }.joined(separator: ", ")
        let deviation = invarianceAgreements.map(\.medianDeviation).max()
        let matchedNames = tasksMatchingCosine.map(\.rawValue).joined(separator: ", ")

        return [
            Bar(name: "worst-case brain/bare final loss", value: worstText,
                requirement: "<= \(Self.worstCaseLimit)", passed: worst.map { $0 <= Self.worstCaseLimit }),
            Bar(name: "median AUC ratio, brain-tuned/bare-tuned", value: formatRatio(brainTunedAreaRatioMedian),
                requirement: "<= \(Self.areaRatioLimit)",
                passed: brainTunedAreaRatioMedian.isNaN ? nil : brainTunedAreaRatioMedian <= Self.areaRatioLimit),
            Bar(name: "tasks where brain-tuned matches cosine-tuned",
                value: "\(tasksMatchingCosine.count)" + (matchedNames.isEmpty ? "" : " (\(matchedNames))"),
                requirement: ">= \(Self.cosineMatchTaskCount) within \(Int(((Self.cosineMatchTolerance - 1) * 100).rounded()))%",
                passed: cosineComparisons.isEmpty ? nil : tasksMatchingCosine.count >= Self.cosineMatchTaskCount),
            Bar(name: "invariance agreement (largest median deviation)",
                value: deviation.map { formatPercent($0) } ?? "not run",
                requirement: "<= \(formatPercent(Self.invarianceTolerance))",
                passed: deviation.map { $0 <= Self.invarianceTolerance }),
            Bar(name: "brain-frozen exactly neutral",
                value: frozenExactlyNeutral ? "every seed bit-equal" : "\(frozenMismatches.count) differ: \(frozenMismatches.prefix(5).joined(separator: ", "))",
                requirement: "bit-equal to bare-tuned", passed: frozenExactlyNeutral),
        ]
    }
}
