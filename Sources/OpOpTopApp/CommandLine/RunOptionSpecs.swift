/// The options of the run command and the checks on their values.
enum RunOptionSpecs {
    static let learningRate = OptionSpec(name: "--lr", valueName: "X", expected: "a number greater than 0, such as 0.001")
    static let steps = OptionSpec(name: "--steps", valueName: "N", expected: "a whole number of at least 1, such as 50000")
    static let seed = OptionSpec(name: "--seed", valueName: "N", expected: "a whole number from 0 to \(UInt64.max)")
    static let runDirectory = OptionSpec(name: "--run-dir", valueName: "DIR", expected: "a directory path")
    static let exploration = OptionSpec(name: "--exploration", valueName: "X", expected: "a number from 0 to 10, such as 0.1 (0 turns exploration off)")
    static let noBrain = OptionSpec(name: "--no-brain", valueName: nil, expected: "")
    static let plain = OptionSpec(name: "--plain", valueName: nil, expected: "")
    static let race = OptionSpec(name: "--race", valueName: nil, expected: "")

    /// The name of `--optimizer`, whose spec lists the catalog's optimizers.
    static let optimizerName = "--optimizer"

    static func all(for catalog: CommandLineCatalog) -> [OptionSpec] {
        let optimizerNames = catalog.optimizers.map(\.name).joined(separator: ", ")
        let optimizer = OptionSpec(name: optimizerName, valueName: "NAME", expected: "one of \(optimizerNames)")
        return [optimizer, learningRate, steps, seed, runDirectory, exploration, noBrain, plain, race]
    }

    static func parseLearningRate(_ text: String) throws(UsageError) -> Double {
        let value = try NumberParsing.decimal(text, option: learningRate.name, expected: learningRate.expected)
        guard value > 0 else {
            throw UsageError("invalid value '\(text)' for --lr; the learning rate must be greater than 0")
        }
        return value
    }

    static func parseSteps(_ text: String) throws(UsageError) -> Int {
        try NumberParsing.wholeNumber(text, option: steps.name, range: 1...Int.max, expected: steps.expected)
    }

    static func parseSeed(_ text: String) throws(UsageError) -> UInt64 {
        try NumberParsing.wholeNumber(text, option: seed.name, range: 0...UInt64.max, expected: seed.expected)
    }

    static func parseExploration(_ text: String) throws(UsageError) -> Double {
        let value = try NumberParsing.decimal(text, option: exploration.name, expected: exploration.expected)
        guard value >= 0 else {
            throw UsageError("invalid value '\(text)' for --exploration; the exploration noise cannot be negative (0 turns it off)")
        }
        // The brain rejects more, and noise of e^10 on a knob's scale means nothing.
        guard value <= 10 else {
            throw UsageError("invalid value '\(text)' for --exploration; it must be at most 10, and 0.1 is typical")
        }
        // -0 becomes 0, so "off" has one representation.
        return value == 0 ? 0 : value
    }
}
