import OpOpWorkloads

/// The demo's command-line options.
struct Options {
    var workload = "spirals"
    var steps = 2000
    var seed: UInt64 = 0
    var stepDelayMilliseconds = 0
    /// The run directory, or nil for `runs/<yyyyMMdd-HHmmss>-<workload>`.
    var runDirectory: String?
    /// Appends to a trace already in `runDirectory` instead of rejecting the directory.
    var appends = false
    var usesBrain = true
    var showsHelp = false

    static let usage = """
        usage: swift-recorder [--workload NAME] [--steps N] [--seed N] [--step-delay-ms MS]
                              [--run-dir DIR] [--append] [--no-brain]

        Trains a bundled workload with Adam steered by an OpOp brain, records the run
        with RunRecorder and serves the run's control socket, so `opop-top attach` or
        socat can freeze, reset and snapshot the brain while it trains.

          --workload NAME     \(WorkloadCatalog.names.joined(separator: " or ")) (default spirals)
          --steps N           training steps, 1 to 10000000 (default 2000)
          --seed N            seed for the data, the model and the brain (default 0)
          --step-delay-ms MS  milliseconds to sleep after each step, 0 to 10000, to slow
                              the run down for a viewer (default 0)
          --run-dir DIR       the run directory; it must not contain a trace unless
                              --append is given (default runs/<yyyyMMdd-HHmmss>-<workload>)
          --append            with --run-dir, append to the trace already there, as a
                              restarted trainer does
          --no-brain          train with plain Adam; brain commands then fail

        When OPOP_RUN_DIR is set, the run records there instead of --run-dir, appending
        to any trace already there.
        """

    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws(OptionsError) -> Options {
        var options = Options()
        var remaining = arguments[...]

        while let option = remaining.popFirst() {
            switch option {
            case "--help", "-h":
                options.showsHelp = true
                continue
            case "--append":
                options.appends = true
                continue
            case "--no-brain":
                options.usesBrain = false
                continue
            case "--workload", "--steps", "--seed", "--step-delay-ms", "--run-dir":
                break
            default:
                throw .unknownOption(option)
            }
            guard let value = remaining.popFirst() else {
                throw .missingValue(option: option)
            }

            switch option {
            case "--workload":
                guard WorkloadCatalog.names.contains(value) else {
                    throw .invalidValue(option: option, value: value, expected: WorkloadCatalog.names.joined(separator: " or "))
                }
                options.workload = value
            case "--steps":
                guard let steps = Int(value), (1...10_000_000).contains(steps) else {
                    throw .invalidValue(option: option, value: value, expected: "a whole number from 1 to 10000000")
                }
                options.steps = steps
            case "--seed":
                guard let seed = UInt64(value) else {
                    throw .invalidValue(option: option, value: value, expected: "a whole number from 0 to 2^64 - 1")
                }
                options.seed = seed
            case "--step-delay-ms":
                guard let delay = Int(value), (0...10_000).contains(delay) else {
                    throw .invalidValue(option: option, value: value, expected: "a whole number of milliseconds from 0 to 10000")
                }
                options.stepDelayMilliseconds = delay
            default:
                guard !value.isEmpty else {
                    throw .invalidValue(option: option, value: value, expected: "a directory path")
                }
                options.runDirectory = value
            }
        }

        if options.appends && options.runDirectory == nil {
            throw .appendWithoutRunDirectory
        }
        return options
    }
}

/// A command-line mistake, with the option and the value involved.
enum OptionsError: Error, CustomStringConvertible {
    case unknownOption(String)
    case missingValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case appendWithoutRunDirectory

    var description: String {
        switch self {
        case .unknownOption(let option):
            return "unknown option '\(option)'; run with --help to list the options"
        case .missingValue(let option):
            return "missing value for \(option); run with --help to see what it expects"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for \(option): expected \(expected)"
        case .appendWithoutRunDirectory:
            return "--append needs --run-dir DIR naming the run directory to append to"
        }
    }
}
