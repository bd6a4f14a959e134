import OpOpBrain
import OpOpDashboard
import OpOpWorkloads

extension CommandLineCatalog {
    /// The catalog `runOpOpTop` uses by default: the real workloads, optimizers and keys.
    public static let standard = CommandLineCatalog(
        version: "0.1.0",
        workloads: WorkloadCatalog.names.map { name in
            Workload(name: name, summary: WorkloadCatalog.summary(of: name) ?? "")
        },
        defaultWorkload: WorkloadCatalog.defaultName,
        optimizers: OptimizerKind.allCases.map { kind in
            // Through the shortest decimal text, so the help shows 0.1 rather than the
            // Float's exact binary value 0.10000000149011612.
            let rate = kind.defaultLearningRate
            return Optimizer(name: kind.rawValue, defaultLearningRate: Double("\(rate)") ?? Double(rate))
        },
        defaultOptimizer: OptimizerKind.adam.rawValue,
        defaultExplorationDescription: "\(BrainConfiguration(groupNames: ["group"]).explorationStd)",
        keyBindings: KeyBindings.all.map { KeyBinding(keys: $0.keys, action: $0.action) },
        replayKeyBindings: ReplayKeyBindings.all.map { KeyBinding(keys: $0.keys, action: $0.action) }
    )
}
