import OpOpBrain

/// The suite's results laid out for reading: one table per task (methods by optimizer),
/// the tuned rates, then the summary with its bars.
public struct EfficacyReport: Sendable {
    public let results: SuiteResults
    public let summary: SuiteSummary
    /// Per task, per optimizer, per method, in report order.
    public let methodSummaries: [MethodSummary]

    public init(results: SuiteResults) {
        self.results = results
        summary = SuiteSummary(results: results)
        methodSummaries = results.configuration.tasks.flatMap { task in
            results.configuration.optimizers.flatMap { optimizer in
                Method.allCases.map { MethodSummary(results: results, task: task, optimizer: optimizer, method: $0) }
            }
        }
    }

    /// Renders the report as plain text for a terminal.
    public func plainText() -> String {
        var sections = [headline(), ""]
        for task in results.configuration.tasks {
            sections.append("\(task.rawValue): \(task.summary), \(results.configuration.steps(for: task)) steps")
            sections.append(table(for: task).plainText())
            sections.append(tunedRatesLine(for: task))
            sections.append("")
        }
        sections.append("Summary")
        sections.append(summaryTable().plainText())
        sections.append("")
        sections.append(detailLines().joined(separator: "\n"))
        sections.append("")
        sections.append("elapsed \(formatSeconds(results.elapsedSeconds))")
        return sections.joined(separator: "\n") + "\n"
    }

    /// Renders the report as Markdown whose first lines give `command`, which regenerates it.
    public func markdown(command: String) -> String {
        var sections = ["```sh", command, "```", "", "# Efficacy suite", "", headline(), ""]
        for task in results.configuration.tasks {
            sections.append("## \(task.rawValue)")
            sections.append("")
            sections.append("\(task.summary), \(results.configuration.steps(for: task)) steps.")
            sections.append("")
            sections.append(table(for: task).markdown())
            sections.append("")
            sections.append(tunedRatesLine(for: task))
            sections.append("")
        }
        sections.append("## Summary")
        sections.append("")
        sections.append(summaryTable().markdown())
        sections.append("")
        sections += detailLines().map { "- " + $0 }
        sections.append("")
        sections.append("Elapsed: \(formatSeconds(results.elapsedSeconds)).")
        return sections.joined(separator: "\n") + "\n"
    }

    private func headline() -> String {
        let configuration = results.configuration
        let grid = configuration.gridExponents
        return "brain preset \(configuration.brainPreset.name); \(formatCount(configuration.evaluationSeeds.count, "evaluation seed")),"
            + " \(formatCount(configuration.tuningSeeds.count, "tuning seed")), rate grid default x 2^\(grid.first ?? 0)..2^\(grid.last ?? 0)"
            + " (extended up to 2^±\(configuration.gridLimit) while the best rate is at an end);"
            + " \(formatCount(configuration.evaluationCount, "evaluation")) per run; \(formatCount(configuration.jobs, "job"))"
    }

    static let columns = [
        "optimizer", "method", "rate", "final loss", "IQR", "AUC/tuned", "to target", "reached", "diverged",
        "us/step", "accuracy", "scale x", "wins", "ratio med", "ratio max",
    ]

    private func table(for task: TaskKind) -> ReportTable {
        let rows = methodSummaries.filter { $0.task == task }.map { summary -> [String] in
            let ratios = summary.pairedFinalLossRatios
            let wins = summary.pairedWinRate.map { formatCount(Int(($0 * Double(ratios.count)).rounded()), of: ratios.count) }
            return [
                summary.optimizer, summary.method.rawValue, formatValue(summary.learningRate),
                formatValue(summary.finalLossMedian), formatValue(summary.finalLossInterquartileRange),
                formatRatio(summary.areaRatioMedian), summary.stepsToTargetMedian.map { String(Int($0.rounded())) } ?? "-",
                formatCount(Int((summary.reachedTargetShare * Double(summary.runCount)).rounded()), of: summary.runCount),
                formatCount(summary.divergedCount, of: summary.runCount), formatValue(summary.microsecondsPerStepMedian),
                summary.accuracyMedian.map { formatRatio($0) } ?? "-", summary.effectiveMultiplierMedian.map { formatRatio($0) } ?? "-",
                wins ?? "-", ratios.isEmpty ? "-" : formatRatio(median(ratios)), worstCase(ratios).map { formatRatio($0) } ?? "-",
            ]
        }
        return ReportTable(headers: Self.columns, rows: rows, firstNumericColumn: 2)
    }

    private func tunedRatesLine(for task: TaskKind) -> String {
        guard task.twin == nil else {
            return "rates: \(task.twin!.rawValue)'s tuned rates; momentum's divided by \(Int(task.lossScale)), adam's unchanged"
        }
        let parts = results.configuration.optimizers.flatMap { optimizer in
            [Method.bareTuned, .cosineTuned].compactMap { method -> String? in
                guard let tuning = results.tuning(task: task, optimizer: optimizer, method: method),
                      let exponent = tuning.bestExponent
                else { return nil }
                let rate = Double(RateTuning.learningRate(exponent: exponent, optimizer: optimizer))
                let tried = tuning.medianFinalLossByExponent.keys.sorted()
                let atLimit = abs(exponent) == results.configuration.gridLimit ? ", at the grid's limit" : ""
                return "\(optimizer.rawValue) \(method.rawValue) \(formatValue(rate)) (2^\(exponent)\(atLimit), tried 2^\(tried.first!)..2^\(tried.last!))"
            }
        }
        return "tuned rates: " + parts.joined(separator: "; ")
    }

    private func summaryTable() -> ReportTable {
        let rows = summary.bars.map { bar in
            [bar.passed.map { $0 ? "PASS" : "FAIL" } ?? "NOT RUN", bar.name, bar.requirement, bar.value]
        }
        return ReportTable(headers: ["result", "bar", "requirement", "measured"], rows: rows, firstNumericColumn: 4)
    }

    private func detailLines() -> [String] {
        var lines: [String] = []
        let comparisons = summary.cosineComparisons.map { comparison in
            "\(comparison.task.rawValue)/\(comparison.optimizer) \(formatValue(comparison.brainTunedMedian)) vs \(formatValue(comparison.cosineTunedMedian))"
                + (comparison.matches ? " (matches)" : "")
        }
        if !comparisons.isEmpty {
            lines.append("brain-tuned vs cosine-tuned median final loss: " + comparisons.joined(separator: ", "))
        }
        if !summary.invarianceAgreements.isEmpty {
            let agreements = summary.invarianceAgreements.map { "\($0.optimizer) \($0.method.rawValue) \(formatPercent($0.medianDeviation))" }
            lines.append("invariance median |probe/100 / teacher - 1|: " + agreements.joined(separator: ", "))
        }
        lines.append(
            "bare-nudged runs bare-tuned's rate x\(Method.nudgeFactor): its ratio is the noise floor under the brain's paired ratios")
        lines.append("the worst case, AUC ratio and cosine comparison leave invariance out, because it repeats teacher")
        return lines
    }
}
