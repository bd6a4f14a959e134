/// The demo's command-line options.
struct Options {
    var steps = 2000
    var seed: UInt64 = 0
    var learningRate: Float = 0.05
    var exploration: Float = 0.1
    /// The run directory, or nil for `runs/<yyyyMMdd-HHmmss>-logistic-regression`.
    var runDirectory: String?
    var showsHelp = false

    static let usage = """
        usage: custom-loop [--steps N] [--seed N] [--lr X] [--exploration X] [--run-dir DIR]

        Trains a logistic regression with SGD steered by an OpOp brain, and writes a
        trace and a brain checkpoint to a run directory.

          --steps N        training steps, 1 to 1000000 (default 2000)
          --seed N         seed for the data and the brain (default 0)
          --lr X           SGD learning rate, above 0 and at most 100 (default 0.05)
          --exploration X  standard deviation of the brain's exploration noise, 0 to 10;
                           0 keeps every knob neutral, which is plain SGD (default 0.1)
          --run-dir DIR    where the trace and the checkpoint go
                           (default runs/<yyyyMMdd-HHmmss>-logistic-regression)
        """

    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws(OptionsError) -> Options {
        var options = Options()
        var remaining = arguments[...]

        while let option = remaining.popFirst() {
            if option == "--help" || option == "-h" {
                options.showsHelp = true
                continue
            }
            guard ["--steps", "--seed", "--lr", "--exploration", "--run-dir"].contains(option) else {
                throw .unknownOption(option)
            }
            guard let value = remaining.popFirst() else {
                throw .missingValue(option: option)
            }

            switch option {
            case "--steps":
                guard let steps = Int(value), (1...1_000_000).contains(steps) else {
                    throw .invalidValue(option: option, value: value, expected: "a whole number from 1 to 1000000")
                }
                options.steps = steps
            case "--seed":
                guard let seed = UInt64(value) else {
                    throw .invalidValue(option: option, value: value, expected: "a whole number from 0 to 2^64 - 1")
                }
                options.seed = seed
            case "--lr":
                guard let rate = Float(value), rate > 0, rate <= 100 else {
                    throw .invalidValue(option: option, value: value, expected: "a number above 0 and at most 100")
                }
                options.learningRate = rate
            case "--exploration":
                guard let deviation = Float(value), deviation >= 0, deviation <= 10 else {
                    throw .invalidValue(option: option, value: value, expected: "a number from 0 to 10")
                }
                options.exploration = deviation
            default:
                options.runDirectory = value
            }
        }
        return options
    }
}

/// A command-line mistake, with the option and the value involved.
enum OptionsError: Error, CustomStringConvertible {
    case unknownOption(String)
    case missingValue(option: String)
    case invalidValue(option: String, value: String, expected: String)

    var description: String {
        switch self {
        case .unknownOption(let option):
            return "unknown option '\(option)'; run with --help to list the options"
        case .missingValue(let option):
            return "missing value for \(option); run with --help to see what it expects"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for \(option): expected \(expected)"
        }
    }
}
