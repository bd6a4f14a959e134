import OpOpBrain

/// The command line of `opop-top-efficacy`.
public struct EfficacyOptions: Sendable, Equatable {
    public var quick = false
    public var seeds: Int?
    public var tasks: [TaskKind]?
    public var optimizers: [OptimizerKind]?
    public var brainPreset = "default"
    public var jobs: Int?
    public var markdownPath: String?
    public var jsonPath: String?
    public var showsHelp = false

    /// Every option with its value name, as the usage and the errors list them.
    public static let optionNames = [
        "--quick", "--seeds N", "--tasks NAME,...", "--optimizers NAME,...", "--brain PRESET", "--jobs N",
        "--markdown FILE", "--json FILE", "--help",
    ]

    public static var usage: String {
        let presets = BrainPreset.all.map(\.name).joined(separator: ", ")
        return """
            usage: opop-top-efficacy [--quick] [--seeds N] [--tasks NAME,...] [--optimizers NAME,...]
                                     [--brain PRESET] [--jobs N] [--markdown FILE] [--json FILE]

            Measures whether the brain makes training better: tunes each optimizer's rate per task,
            runs the bare optimizer, a cosine schedule and the brain on the evaluation seeds, and
            prints one table per task and a summary of pass/fail bars. Build it in release mode:
            swift run -c release opop-top-efficacy

              --quick               CI mode: 2 evaluation seeds, 1 tuning seed, a 3-point grid, 10% of the steps
              --seeds N             evaluation seeds 0..N-1, N in 1...\(maximumSeeds) (default 10, 2 with --quick)
              --tasks NAME,...      tasks to run (default all): \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))
              --optimizers NAME,... base optimizers (default momentum,adam): \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))
              --brain PRESET        brain configuration for every brain run (default default): \(presets)
              --jobs N              worker threads, N in 1...\(maximumJobs) (default 2); results do not depend on it
              --markdown FILE       also write the tables and summary as Markdown to FILE
              --json FILE           also write every run's raw results as JSON to FILE
              -h, --help            print this help

            Progress goes to standard error, the report to standard output.
            """
    }

    public static let maximumSeeds = 1000
    public static let maximumJobs = 64

    public init() {}

    /// Parses the arguments after the program name.
    ///
    /// Throws `EfficacyError.invalidOption` naming the bad argument and the valid choices.
    public static func parse(_ arguments: [String]) throws -> EfficacyOptions {
        var options = EfficacyOptions()
        var seen: Set<String> = []
        var index = 0

        func value(for option: String) throws -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw EfficacyError.invalidOption("option \(option) needs a value; see --help")
            }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("-"), !seen.insert(argument).inserted {
                throw EfficacyError.invalidOption("option \(argument) is given twice; give it once")
            }
            switch argument {
            case "--quick":
                options.quick = true
            case "--seeds":
                options.seeds = try wholeNumber(try value(for: argument), option: argument, in: 1...maximumSeeds)
            case "--tasks":
                options.tasks = try names(try value(for: argument), option: argument, kind: "task", choices: TaskKind.allCases)
            case "--optimizers":
                options.optimizers = try names(
                    try value(for: argument), option: argument, kind: "optimizer", choices: OptimizerKind.allCases)
            case "--brain":
                let name = try value(for: argument)
                guard BrainPreset.named(name) != nil else {
                    throw EfficacyError.invalidOption(
                        "unknown brain preset '\(name)' for --brain; the presets are \(BrainPreset.all.map(\.name).joined(separator: ", "))")
                }
                options.brainPreset = name
            case "--jobs":
                options.jobs = try wholeNumber(try value(for: argument), option: argument, in: 1...maximumJobs)
            case "--markdown":
                options.markdownPath = try value(for: argument)
            case "--json":
                options.jsonPath = try value(for: argument)
            case "-h", "--help":
                options.showsHelp = true
            default:
                let problem = argument.hasPrefix("-") ? "unknown option" : "unexpected argument"
                throw EfficacyError.invalidOption(
                    "\(problem) '\(argument)'; the options are \(optionNames.joined(separator: ", "))")
            }
            index += 1
        }
        return options
    }

    /// Returns the suite configuration these options select.
    public func configuration() -> SuiteConfiguration {
        var configuration = quick ? SuiteConfiguration.quick() : SuiteConfiguration.standard()
        if let seeds {
            configuration.evaluationSeeds = Array(0..<UInt64(seeds))
        }
        if let tasks {
            configuration.tasks = tasks
        }
        if let optimizers {
            configuration.optimizers = optimizers
        }
        if let preset = BrainPreset.named(brainPreset) {
            configuration.brainPreset = preset
        }
        if let jobs {
            configuration.jobs = jobs
        }
        return configuration.normalized()
    }

    private static func wholeNumber(_ text: String, option: String, in range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw EfficacyError.invalidOption(
                "invalid value '\(text)' for \(option); give a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    private static func names<Kind: RawRepresentable & Equatable>(
        _ text: String, option: String, kind: String, choices: [Kind]
    ) throws -> [Kind] where Kind.RawValue == String {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var selected: [Kind] = []
        for name in names {
            guard let choice = Kind(rawValue: name) else {
                throw EfficacyError.invalidOption(
                    "unknown \(kind) '\(name)' in \(option); the \(kind)s are \(choices.map(\.rawValue).joined(separator: ", "))")
            }
            if !selected.contains(choice) {
                selected.append(choice)
            }
        }
        return selected
    }
}
