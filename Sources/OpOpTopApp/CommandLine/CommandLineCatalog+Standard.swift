extension CommandLineCatalog {
    /// The catalog `runOpOpTop` uses by default.
    ///
    /// TODO: take the optimizer defaults from OpOpBrain, the workloads from
    /// OpOpWorkloads and the keys from OpOpDashboard once the session is wired in.
    public static let standard = CommandLineCatalog(
        version: "0.1.0",
        workloads: [
            Workload(name: "digits", summary: "MLP classifying the 8x8 handwritten digits"),
            Workload(name: "spirals", summary: "MLP separating two interleaved spirals"),
        ],
        defaultWorkload: "digits",
        optimizers: [
            Optimizer(name: "sgd", defaultLearningRate: 0.1),
            Optimizer(name: "momentum", defaultLearningRate: 0.05),
            Optimizer(name: "adam", defaultLearningRate: 0.001),
            Optimizer(name: "adamw", defaultLearningRate: 0.001),
        ],
        defaultOptimizer: "adam",
        keyBindings: [
            KeyBinding(keys: "q, Ctrl-C", action: "quit and restore the terminal"),
        ]
    )
}
