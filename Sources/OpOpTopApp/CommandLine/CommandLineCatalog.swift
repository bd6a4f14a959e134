/// The names, defaults and descriptions the parser and the help text work from.
///
/// The parser has no built-in list of workloads or optimizers. The application passes
/// the real lists, so adding a workload needs no change here.
public struct CommandLineCatalog: Sendable {
    /// A workload the `run` command accepts.
    public struct Workload: Sendable, Equatable {
        public var name: String
        /// One line for the help text, for example "MLP on the 8x8 handwritten digits".
        public var summary: String

        public init(name: String, summary: String) {
            self.name = name
            self.summary = summary
        }
    }

    /// A base optimizer that `--optimizer` accepts.
    public struct Optimizer: Sendable, Equatable {
        public var name: String
        /// The learning rate used when `--lr` is not given.
        public var defaultLearningRate: Double

        public init(name: String, defaultLearningRate: Double) {
            self.name = name
            self.defaultLearningRate = defaultLearningRate
        }
    }

    /// A dashboard key and what it does, for the help text.
    public struct KeyBinding: Sendable, Equatable {
        /// The key or keys as the user types them, for example "q, Ctrl-C".
        public var keys: String
        public var action: String

        public init(keys: String, action: String) {
            self.keys = keys
            self.action = action
        }
    }

    public var programName: String
    public var version: String
    public var workloads: [Workload]
    public var defaultWorkload: String
    public var optimizers: [Optimizer]
    public var defaultOptimizer: String
    public var defaultSteps: Int
    public var defaultSeed: UInt64
    /// The help text's wording for the default of `--exploration`, for example "0.1".
    public var defaultExplorationDescription: String
    public var keyBindings: [KeyBinding]
    /// The keys of `replay`, for the help text.
    public var replayKeyBindings: [KeyBinding]

    /// Creates a catalog. The defaults must name entries of the lists, because the
    /// application, not the user, supplies them.
    public init(
        programName: String = "opop-top",
        version: String,
        workloads: [Workload],
        defaultWorkload: String,
        optimizers: [Optimizer],
        defaultOptimizer: String,
        defaultSteps: Int = 50_000,
        defaultSeed: UInt64 = 0,
        defaultExplorationDescription: String = "the brain's default",
        keyBindings: [KeyBinding],
        replayKeyBindings: [KeyBinding] = []
    ) {
        precondition(
            workloads.contains { $0.name == defaultWorkload },
            "default workload '\(defaultWorkload)' is not among the workloads \(workloads.map(\.name))"
        )
        precondition(
            optimizers.contains { $0.name == defaultOptimizer },
            "default optimizer '\(defaultOptimizer)' is not among the optimizers \(optimizers.map(\.name))"
        )
        precondition(defaultSteps >= 1, "default steps must be at least 1, not \(defaultSteps)")

        self.programName = programName
        self.version = version
        self.workloads = workloads
        self.defaultWorkload = defaultWorkload
        self.optimizers = optimizers
        self.defaultOptimizer = defaultOptimizer
        self.defaultSteps = defaultSteps
        self.defaultSeed = defaultSeed
        self.defaultExplorationDescription = defaultExplorationDescription
        self.keyBindings = keyBindings
        self.replayKeyBindings = replayKeyBindings
    }

    func optimizer(named name: String) -> Optimizer? {
        optimizers.first { $0.name == name }
    }
}
