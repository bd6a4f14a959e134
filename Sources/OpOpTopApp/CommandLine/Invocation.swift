/// The action the command line requests, with every default filled in.
public enum Invocation: Equatable, Sendable {
    /// Train a workload and show it, live or as plain text.
    case run(RunOptions)
    /// Start the user's own trainer in a new run directory and show its run.
    case runCommand(CommandRunOptions)
    /// Watch an existing run: a run directory, a trace file or an opop text log.
    case attach(AttachOptions)
    /// Play finished runs back, or summarise or export them without a screen.
    case replay(ReplayOptions)
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
    /// Trains the bare optimizer and the brain-wrapped one side by side on the same data
    /// and seed (`--race`). Requires `usesBrain`.
    public var race: Bool

    public init(
        workload: String,
        optimizer: String,
        learningRate: Double,
        steps: Int,
        seed: UInt64,
        runDirectory: String? = nil,
        plain: Bool = false,
        exploration: Double? = nil,
        usesBrain: Bool = true,
        race: Bool = false
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
        self.race = race
    }
}

/// The settings of `opop-top run -- COMMAND [ARGS...]`.
public struct CommandRunOptions: Equatable, Sendable {
    /// The program and its arguments, never empty. The program is looked up in `PATH`
    /// unless it contains a `/`.
    public var command: [String]
    /// The run directory to create, or nil for a new one under `./runs`.
    public var runDirectory: String?
    /// Follow the run as lines of text instead of the dashboard.
    public var plain: Bool

    public init(command: [String], runDirectory: String? = nil, plain: Bool = false) {
        precondition(!command.isEmpty, "a command run needs a program to start")
        self.command = command
        self.runDirectory = runDirectory
        self.plain = plain
    }
}

/// The settings of `opop-top attach [PATH]`.
public struct AttachOptions: Equatable, Sendable {
    /// A run directory, a trace file or an opop text log, or nil for the newest run
    /// under `./runs`.
    public var path: String?
    /// Follow the run as lines of text instead of the dashboard.
    public var plain: Bool

    public init(path: String? = nil, plain: Bool = false) {
        self.path = path
        self.plain = plain
    }
}

/// The settings of `opop-top replay TRACE...`.
public struct ReplayOptions: Equatable, Sendable {
    /// What to make of the runs.
    public enum Output: Equatable, Sendable {
        /// Play them back on the dashboard.
        case dashboard
        /// Print the summary table to standard output.
        case summary
        /// Write one file in `format`.
        case export(format: ExportFormat, path: String)
    }

    /// The formats `--export` writes.
    public enum ExportFormat: String, Equatable, Sendable, CaseIterable {
        case svg
        case csv
    }

    /// Run directories, trace files or opop text logs, in the order given; never empty.
    public var paths: [String]
    public var output: Output

    public init(paths: [String], output: Output = .dashboard) {
        precondition(!paths.isEmpty, "a replay needs at least one run")
        self.paths = paths
        self.output = output
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
