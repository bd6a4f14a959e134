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
            Optimizer(name: kind.rawValue, defaultLearningRate: Double(kind.defaultLearningRate))
        },
        defaultOptimizer: OptimizerKind.adam.rawValue,
        defaultExplorationDescription: "\(BrainConfiguration(groupNames: ["group"]).explorationStd)",
        keyBindings: KeyBindings.all.map { KeyBinding(keys: $0.keys, action: $0.action) }
    )
}
