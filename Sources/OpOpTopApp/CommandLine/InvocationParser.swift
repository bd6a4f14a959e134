import Foundation
import OpOpDashboard

/// Parses opop-top's arguments into an `Invocation` without running anything.
///
/// The grammar:
///
///     opop-top                        run the default workload
///     opop-top [OPTIONS]              run the default workload with options
///     opop-top run [WORKLOAD] [OPTIONS]   (OPTIONS may include --race)
///     opop-top [run] [--run-dir DIR] [--plain] -- COMMAND [ARGS...]
///                                     start the user's trainer
///     opop-top attach [PATH] [--plain]
///     opop-top replay TRACE... [--summary | --export svg|csv FILE]
///     opop-top help [COMMAND]
///     opop-top _terminal-demo [--crash-on-key KEY] [--benchmark-frames N]
///                                     (hidden terminal check)
///
/// `-h`/`--help` and `--version` win wherever they appear before `--`. Without a
/// command, arguments that start with an option belong to `run`. Everything after the
/// first `--` is the user's command and its arguments, passed on untouched.
public struct InvocationParser: Sendable {
    public var catalog: CommandLineCatalog

    public init(catalog: CommandLineCatalog) {
        self.catalog = catalog
    }

    /// The visible commands, in the order the help text lists them.
    static let commands = ["run", "attach", "replay", "help"]
    static let terminalDemoCommand = "_terminal-demo"

    /// Parses `arguments`, which exclude the program name.
    ///
    /// - Throws: `UsageError` for the first problem, in argument order.
    public func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        let beforeSeparator = arguments.prefix { $0 != "--" }
        if beforeSeparator.contains(where: { $0 == "-h" || $0 == "--help" }) {
            return .help
        }
        if beforeSeparator.contains("--version") {
            return .version
        }

        guard let first = arguments.first else {
            return .run(try parseRun([]))
        }
        if first.hasPrefix("-") && first != "-" {
            return try parseRunOrCommand(arguments[...])
        }

        switch first {
        case "run":
            return try parseRunOrCommand(arguments.dropFirst())
        case "attach":
            return .attach(try parseAttach(arguments.dropFirst()))
        case "replay":
            return .replay(try parseReplay(arguments.dropFirst()))
        case "help":
            try parseHelp(arguments.dropFirst())
            return .help
        case Self.terminalDemoCommand:
            return .terminalDemo(try parseTerminalDemo(arguments.dropFirst()))
        default:
            throw unknownCommand(first)
        }
    }

    // MARK: - Commands

    /// Parses `run`'s arguments: a built-in workload, or the user's command after `--`.
    private func parseRunOrCommand(_ arguments: ArraySlice<String>) throws(UsageError) -> Invocation {
        guard let separator = arguments.firstIndex(of: "--") else {
            return .run(try parseRun(arguments))
        }
        let command = Array(arguments[(separator + 1)...])
        guard !command.isEmpty else {
            throw UsageError("missing command after '--'; write '\(catalog.programName) run -- COMMAND [ARGS...]', for example '\(catalog.programName) -- python3 train.py'")
        }
        return .runCommand(try parseCommandRun(arguments[..<separator], command: command))
    }

    /// Parses the options before `--` in `opop-top run -- COMMAND`. Only the options
    /// about the run directory and the display apply, because the user's program does
    /// its own training.
    private func parseCommandRun(_ arguments: ArraySlice<String>, command: [String]) throws(UsageError) -> CommandRunOptions {
        let scanner = ArgumentScanner(programName: catalog.programName, options: RunOptionSpecs.all(for: catalog) + Self.globalOptions)
        var options = CommandRunOptions(command: command)

        for argument in try scanner.scan(arguments) {
            switch argument {
            case .positional(let word):
                throw UsageError("unexpected argument '\(word)' before '--'; a workload cannot be combined with a command, so write either 'run \(word)' or 'run -- COMMAND'")
            case .option(RunOptionSpecs.runDirectory.name, let value):
                options.runDirectory = value
            case .option(RunOptionSpecs.plain.name, _):
                options.plain = true
            case .option(RunOptionSpecs.race.name, _):
                throw UsageError("--race cannot be combined with a command after '--', because a race trains a built-in workload twice in this process; write '\(catalog.programName) run WORKLOAD --race', or drop --race to watch your command")
            case .option(let name, _):
                throw UsageError("option \(name) does not apply to a command after '--', which trains on its own; only --run-dir and --plain do")
            }
        }
        return options
    }

    private func parseAttach(_ arguments: ArraySlice<String>) throws(UsageError) -> AttachOptions {
        let scanner = ArgumentScanner(programName: catalog.programName, options: RunOptionSpecs.all(for: catalog) + Self.globalOptions)
        var options = AttachOptions()

        for argument in try scanner.scan(arguments) {
            switch argument {
            case .positional(let path):
                if let earlier = options.path {
                    throw UsageError("unexpected argument '\(path)' after '\(earlier)'; attach takes at most one run directory, trace file or text log")
                }
                guard !path.isEmpty else {
                    throw UsageError("empty path for attach; give a run directory, a trace file or an opop text log, or nothing for the newest run under ./runs")
                }
                options.path = path
            case .option(RunOptionSpecs.race.name, _):
                throw UsageError("--race does not apply to the attach command, which watches one run; attach to one side of a race, as in 'attach RUN_DIR/brain', or start one with '\(catalog.programName) run --race'")
            case .option(let name, _):
                guard name == RunOptionSpecs.plain.name else {
                    throw UsageError("option \(name) does not apply to the attach command, which only watches a run; only --plain does")
                }
                options.plain = true
            }
        }
        return options
    }

    /// Parses `replay`'s arguments. `--export FORMAT` takes the next positional
    /// argument as the file to write.
    private func parseReplay(_ arguments: ArraySlice<String>) throws(UsageError) -> ReplayOptions {
        let formats = ReplayOptions.ExportFormat.allCases.map(\.rawValue)
        let export = OptionSpec(name: "--export", valueName: "FORMAT", expected: "svg or csv, then the file to write")
        let summary = OptionSpec(name: "--summary", valueName: nil, expected: "")
        // `--race` is listed only to reject it with a message that explains how to replay a race.
        let scanner = ArgumentScanner(programName: catalog.programName, options: [summary, export, RunOptionSpecs.race] + Self.globalOptions)
        var paths: [String] = []
        var output = ReplayOptions.Output.dashboard
        var exportFormat: ReplayOptions.ExportFormat?
        var exportPath: String?

        for argument in try scanner.scan(arguments) {
            switch argument {
            case .positional(let word):
                if exportFormat != nil && exportPath == nil {
                    guard !word.isEmpty else {
                        throw UsageError("empty file name after --export; write '--export \(exportFormat!.rawValue) FILE'")
                    }
                    exportPath = word
                    continue
                }
                guard !word.isEmpty else {
                    throw UsageError("empty path for replay; give a run directory, a trace file or an opop text log")
                }
                paths.append(word)
            case .option(summary.name, _):
                output = .summary
            case .option(RunOptionSpecs.race.name, _):
                throw UsageError("--race does not apply to replay, which plays finished runs; to overlay a race's two runs, write '\(catalog.programName) replay RUN_DIR/brain RUN_DIR/bare'")
            case .option(_, let value):
                let value = value ?? ""
                guard let format = ReplayOptions.ExportFormat(rawValue: value.lowercased()) else {
                    throw UsageError("unknown export format '\(value)' for --export; choose svg or csv\(Suggestion.hint(for: value, among: formats))")
                }
                exportFormat = format
            }
        }

        if let exportFormat {
            guard let exportPath else {
                throw UsageError("missing file after '--export \(exportFormat.rawValue)'; write '--export \(exportFormat.rawValue) FILE' before or after the traces")
            }
            if output == .summary {
                throw UsageError("--summary and --export cannot be combined; run replay once for each")
            }
            output = .export(format: exportFormat, path: exportPath)
        }
        guard !paths.isEmpty else {
            throw UsageError("missing trace for replay; give one or more run directories, trace files or opop text logs, as in '\(catalog.programName) replay runs/my-run'")
        }
        if output == .dashboard, paths.count > RunOverlay.maximumRuns {
            throw UsageError("replay overlays at most \(RunOverlay.maximumRuns) runs, but got \(paths.count); give fewer, or use --summary or --export for more")
        }
        return ReplayOptions(paths: paths, output: output)
    }

    private func parseRun(_ arguments: ArraySlice<String>) throws(UsageError) -> RunOptions {
        let scanner = ArgumentScanner(programName: catalog.programName, options: RunOptionSpecs.all(for: catalog) + Self.globalOptions)
        var workload: String?
        var optimizer = catalog.defaultOptimizer
        var learningRate: Double?
        var steps = catalog.defaultSteps
        var seed = catalog.defaultSeed
        var runDirectory: String?
        var plain = false
        var exploration: Double?
        var usesBrain = true
        var race = false

        for argument in try scanner.scan(arguments) {
            switch argument {
            case .positional(let name):
                if let workload {
                    throw UsageError("unexpected argument '\(name)' after workload '\(workload)'; run takes one workload")
                }
                workload = try validWorkload(name)

            case .option(let name, let value):
                let value = value ?? ""
                switch name {
                case RunOptionSpecs.optimizerName:
                    optimizer = try validOptimizer(value)
                case RunOptionSpecs.learningRate.name:
                    learningRate = try RunOptionSpecs.parseLearningRate(value)
                case RunOptionSpecs.steps.name:
                    steps = try RunOptionSpecs.parseSteps(value)
                case RunOptionSpecs.seed.name:
                    seed = try RunOptionSpecs.parseSeed(value)
                case RunOptionSpecs.runDirectory.name:
                    runDirectory = value
                case RunOptionSpecs.exploration.name:
                    exploration = try RunOptionSpecs.parseExploration(value)
                case RunOptionSpecs.noBrain.name:
                    usesBrain = false
                case RunOptionSpecs.plain.name:
                    plain = true
                case RunOptionSpecs.race.name:
                    race = true
                default:
                    throw UsageError("option \(name) does not apply to the run command")
                }
            }
        }

        if exploration != nil && !usesBrain {
            throw UsageError("--exploration cannot be combined with --no-brain, because without the brain nothing explores; drop one of them")
        }

        if race && !usesBrain {
            throw UsageError("--race cannot be combined with --no-brain, because a race already trains the bare optimizer beside the brain; drop --no-brain")
        }

        let chosenWorkload = workload ?? catalog.defaultWorkload
        return RunOptions(
            workload: chosenWorkload,
            optimizer: optimizer,
            learningRate: learningRate ?? catalog.optimizer(named: optimizer)!.defaultLearningRate,
            steps: steps,
            seed: seed,
            runDirectory: runDirectory,
            plain: plain,
            exploration: exploration,
            usesBrain: usesBrain,
            race: race
        )
    }

    private func parseHelp(_ arguments: ArraySlice<String>) throws(UsageError) {
        let scanner = ArgumentScanner(programName: catalog.programName, options: Self.globalOptions)
        var topic: String?

        for case .positional(let word) in try scanner.scan(arguments) {
            if let topic {
                throw UsageError("unexpected argument '\(word)' after '\(topic)'; help takes at most one command name")
            }
            guard Self.commands.contains(word) else {
                throw UsageError("unknown help topic '\(word)'\(Suggestion.hint(for: word, among: Self.commands)) (commands: \(Self.commands.joined(separator: ", ")))")
            }
            topic = word
        }
    }

    private func parseTerminalDemo(_ arguments: ArraySlice<String>) throws(UsageError) -> TerminalDemoOptions {
        let crashKey = OptionSpec(name: "--crash-on-key", valueName: "KEY", expected: "a single character other than q")
        let benchmarkFrames = OptionSpec(name: "--benchmark-frames", valueName: "N", expected: "a whole number from 1 to 1000000")
        let scanner = ArgumentScanner(programName: catalog.programName, options: [crashKey, benchmarkFrames] + Self.globalOptions)
        var options = TerminalDemoOptions()

        for argument in try scanner.scan(arguments) {
            switch argument {
            case .positional(let word):
                throw UsageError("unexpected argument '\(word)'; \(Self.terminalDemoCommand) takes no arguments")
            case .option(benchmarkFrames.name, let value):
                options.benchmarkFrames = try NumberParsing.wholeNumber(
                    value ?? "",
                    option: benchmarkFrames.name,
                    range: 1...1_000_000,
                    expected: benchmarkFrames.expected
                )
            case .option(_, let value):
                let value = value ?? ""
                guard value.count == 1, let key = value.first, key != "q", key != "Q" else {
                    throw UsageError("invalid value '\(value)' for --crash-on-key; expected \(crashKey.expected), because q quits")
                }
                options.crashKey = key
            }
        }
        return options
    }

    // MARK: - Validation

    /// `--help` and `--version` are handled before scanning. Listing them here lets
    /// the scanner reject `--help=x` with a clear message.
    private static let globalOptions = [
        OptionSpec(name: "--help", valueName: nil, expected: ""),
        OptionSpec(name: "--version", valueName: nil, expected: ""),
    ]

    private func validWorkload(_ name: String) throws(UsageError) -> String {
        let names = catalog.workloads.map(\.name)
        if Self.commands.contains(name) && !names.contains(name) {
            throw UsageError("command '\(name)' must come before the options, as in '\(catalog.programName) \(name) [WORKLOAD] [OPTIONS]'")
        }
        guard names.contains(name) else {
            throw UsageError("unknown workload '\(name)'\(Suggestion.hint(for: name, among: names)) (choices: \(names.joined(separator: ", ")))")
        }
        return name
    }

    private func validOptimizer(_ name: String) throws(UsageError) -> String {
        let names = catalog.optimizers.map(\.name)
        guard names.contains(name) else {
            throw UsageError("unknown optimizer '\(name)' for --optimizer\(Suggestion.hint(for: name, among: names)) (choices: \(names.joined(separator: ", ")))")
        }
        return name
    }

    private func unknownCommand(_ word: String) -> UsageError {
        if catalog.workloads.contains(where: { $0.name == word }) {
            return UsageError("unknown command '\(word)'; to train the '\(word)' workload, use '\(catalog.programName) run \(word)'")
        }
        let workloadHint = Suggestion.hint(for: word, among: catalog.workloads.map(\.name), quoting: { "'run \($0)'" })
        if !workloadHint.isEmpty {
            return UsageError("unknown command '\(word)'\(workloadHint) (a workload is trained with '\(catalog.programName) run WORKLOAD')")
        }
        let hint = Suggestion.hint(for: word, among: Self.commands)
        return UsageError("unknown command '\(word)'\(hint) (commands: \(Self.commands.joined(separator: ", ")))")
    }
}
