import Foundation

/// The suite's raw results as JSON: the command, the configuration, every run (tuning
/// runs included) and the summaries. Non-finite numbers are written as the strings
/// "Infinity", "-Infinity" and "NaN", which JSON has no literal for.
struct JSONReport: Encodable {
    struct Configuration: Encodable {
        var tasks: [TaskKind]
        var optimizers: [String]
        var evaluationSeeds: [UInt64]
        var tuningSeeds: [UInt64]
        var gridExponents: [Int]
        var gridLimit: Int
        var steps: [String: Int]
        var evaluationCount: Int
        var brainPreset: String
        var jobs: Int
    }

    var command: String
    var elapsedSeconds: Double
    var configuration: Configuration
    var tunings: [RateTuning]
    var methods: [MethodSummary]
    var summary: SuiteSummary
    var runs: [RunResult]
    var tuningRuns: [RunResult]

    init(report: EfficacyReport, command: String) {
        let results = report.results
        let suite = results.configuration
        self.command = command
        elapsedSeconds = results.elapsedSeconds
        configuration = Configuration(
            tasks: suite.tasks, optimizers: suite.optimizers.map(\.rawValue), evaluationSeeds: suite.evaluationSeeds,
            tuningSeeds: suite.tuningSeeds, gridExponents: suite.gridExponents, gridLimit: suite.gridLimit,
            steps: Dictionary(uniqueKeysWithValues: suite.tasks.map { ($0.rawValue, suite.steps(for: $0)) }),
            evaluationCount: suite.evaluationCount, brainPreset: suite.brainPreset.name, jobs: suite.jobs)
        tunings = results.tunings
        methods = report.methodSummaries
        summary = report.summary
        runs = results.runs
        tuningRuns = results.tuningRuns
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }
}
