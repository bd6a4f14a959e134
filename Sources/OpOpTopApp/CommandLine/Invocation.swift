/// The action the command line requests, with every default filled in.
public enum Invocation: Equatable, Sendable {
    /// Train a workload and show it, live or as plain text.
    case run(RunOptions)
    /// Print the help text and exit.
    case help
    /// Print the version and exit.
    case version
    /// Open the terminal check screen (the hidden `_terminal-demo` command).
    case terminalDemo(TerminalDemoOptions)
}

/// The settings of one training run.
public struct RunOptions: Equatable, Sendable {
    /// A name from `CommandLineCatalog.workloads`.
    public var workload: String
    /// A name from `CommandLineCatalog.optimizers`.
    public var optimizer: String
    /// The base optimizer's learning rate, finite and greater than 0.
    public var learningRate: Double
    /// The number of training steps, at least 1.
    public var steps: Int
    public var seed: UInt64
    /// The directory for the run's trace and checkpoints, relative to the working
    /// directory unless absolute. Nil means a new directory under `./runs`, named by the
    /// start time and the workload.
    public var runDirectory: String?
    /// Print progress as lines of text instead of the full-screen dashboard.
    public var plain: Bool
    /// The standard deviation of the brain's exploration noise, 0 for none, or nil for
    /// the brain's own default.
    public var exploration: Double?
    /// False trains with the bare base optimizer, without the brain (`--no-brain`).
    public var usesBrain: Bool

    public init(
        workload: String,
        optimizer: String,
        learningRate: Double,
        steps: Int,
        seed: UInt64,
        runDirectory: String? = nil,
        plain: Bool = false,
        exploration: Double? = nil,
        usesBrain: Bool = true
    ) {
        self.workload = workload
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.steps = steps
        self.seed = seed
        self.runDirectory = runDirectory
        self.plain = plain
        self.exploration = exploration
        self.usesBrain = usesBrain
    }
}

/// The settings of the hidden terminal check screen.
public struct TerminalDemoOptions: Equatable, Sendable {
    /// A key that crashes the process on purpose (`--crash-on-key`), to test that a
    /// crash restores the terminal, or nil for none.
    public var crashKey: Character?

    /// The number of frames to draw as fast as possible before quitting and printing
    /// the time per frame (`--benchmark-frames`), or nil for the interactive demo.
    public var benchmarkFrames: Int?

    public init(crashKey: Character? = nil, benchmarkFrames: Int? = nil) {
        self.crashKey = crashKey
        self.benchmarkFrames = benchmarkFrames
    }
}
