import OpOpDashboard
import OpOpTrace

/// Renders run digests as a plain-text table for terminals, scripts and CI logs.
///
/// Each run gets a block: its name and setup, step and loss figures, event and bad-value
/// counts, then one row per group with the range (minimum..maximum) and median of scale,
/// clip and dampen. Rows fit in 80 columns: group names are cut by display width, never
/// inside a character. A footer states how exact the medians are.
public struct SummaryTable: Sendable {
    /// A run to show: its digest and the label it goes by, such as the trace's path.
    public struct Run: Sendable {
        public var label: String
        public var digest: RunDigest

        public init(label: String, digest: RunDigest) {
            self.label = label
            self.digest = digest
        }
    }

    /// Writes ASCII only: non-ASCII characters in names become "?" and cut names end in "~".
    public var asciiOnly: Bool

    public init(asciiOnly: Bool = false) {
        self.asciiOnly = asciiOnly
    }

    static let nameWidth = 14
    static let rangeWidth = 12
    static let medianWidth = 6

    /// Returns the table, ending in a line feed.
    public func render(_ runs: [Run]) -> String {
        var lines: [String] = []
        for (index, run) in runs.enumerated() {
            if index > 0 {
                lines.append("")
            }
            lines += block(for: run)
        }

        if runs.isEmpty {
            lines.append("no runs to summarise")
        }
        lines.append("")
        lines.append(footer(for: runs.map(\.digest)))
        return lines.map(withoutTrailingSpaces).joined(separator: "\n") + "\n"
    }

    private func withoutTrailingSpaces(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }

    private func block(for run: Run) -> [String] {
        let digest = run.digest
        var lines = [titleLine(for: run)]
        if let header = digest.header, clean(run.label) != clean(header.runName) {
            lines.append("  trace " + clean(run.label))
        }
        guard digest.header != nil else {
            lines.append("  no header: the trace has no run to summarise")
            lines.append("  " + badValueLine(digest))
            return lines
        }

        lines.append("  " + stepLine(digest))
        lines.append("  " + lossLine(digest))
        lines.append("  " + eventLine(digest))
        lines.append("  " + badValueLine(digest))
        lines += noteLines(digest)
        lines += groupRows(digest)
        return lines
    }

    private func titleLine(for run: Run) -> String {
        guard let header = run.digest.header else {
            return "run " + clean(run.label)
        }

        var parts = ["run " + clean(header.runName), clean(header.workload), clean(header.optimizer)]
        parts.append(run.digest.hasBrain ? "brain" : "no brain")
        parts.append("\(header.groupNames.count) groups")
        return parts.joined(separator: "  ")
    }

    private func stepLine(_ digest: RunDigest) -> String {
        var text = "steps \(digest.stepCount)"
        if let first = digest.firstStep, let last = digest.lastStep {
            text += " (\(first)..\(last))"
        }
        if let start = digest.firstTime, let end = digest.lastTime {
            text += "  wall time " + SummaryNumbers.duration(end - start)
        }
        if let evaluation = digest.lastEvaluation, let metric = evaluation.metrics.first {
            text += "  last eval \(clean(metric.name)) " + SummaryNumbers.format(metric.value)
        }
        return text
    }

    private func lossLine(_ digest: RunDigest) -> String {
        "final loss " + stepValue(digest.finalLoss) + "  best loss " + stepValue(digest.bestLoss)
    }

    private func eventLine(_ digest: RunDigest) -> String {
        let resets = digest.eventCount(.reset)
        return "events  freeze \(digest.eventCount(.freeze))  unfreeze \(digest.eventCount(.unfreeze))"
            + "  reset \(resets)  snapshot \(digest.eventCount(.snapshot))"
            + "  brain update \(digest.eventCount(.brainUpdate))"
    }

    private func badValueLine(_ digest: RunDigest) -> String {
        let bad = digest.badValues
        var text = "bad values \(bad.total)"
        text += "  loss \(bad.losses)  reward \(bad.rewards)  grad norm \(bad.gradientNorms)"
        text += "  knobs \(bad.knobs)  corrupt lines \(bad.corruptLines)"
        if bad.mismatchedSteps > 0 {
            text += "  steps with wrong group count \(bad.mismatchedSteps)"
        }
        return text
    }

    private func noteLines(_ digest: RunDigest) -> [String] {
        var notes: [String] = []
        if digest.rewindCount > 0, let earliest = digest.earliestRewindStep {
            notes.append(
                "note: steps went back \(SummaryNumbers.times(digest.rewindCount)) (earliest to step \(earliest));"
                    + " counts, ranges and medians include the replaced steps"
            )
        }
        if digest.continuedHeaderCount > 0 {
            notes.append("note: the trainer restarted \(SummaryNumbers.times(digest.continuedHeaderCount)) and continued the run")
        }
        if digest.discardedRunCount > 0 {
            let runs = digest.discardedRunCount == 1 ? "1 earlier run in this trace was" : "\(digest.discardedRunCount) earlier runs in this trace were"
            notes.append("note: \(runs) replaced by this one")
        }
        if digest.recordsBeforeHeader > 0 {
            notes.append("note: \(digest.recordsBeforeHeader) records before the first header were skipped")
        }
        return notes.map { "  " + $0 }
    }

    private func groupRows(_ digest: RunDigest) -> [String] {
        guard !digest.groups.isEmpty else {
            return ["  no parameter groups"]
        }

        let knobColumn = Self.rangeWidth + 1 + Self.medianWidth
        var lines = [
            "  " + leftAligned("group", width: Self.nameWidth)
                + ["scale", "clip", "dampen"].map { "  " + leftAligned($0, width: knobColumn) }.joined(),
            "  " + String(repeating: " ", count: Self.nameWidth)
                + String(repeating: "  " + leftAligned("min..max", width: Self.rangeWidth + 1)
                    + rightAligned("median", width: Self.medianWidth), count: 3),
        ]
        for group in digest.groups {
            var row = "  " + fittedName(group.name)
            for statistics in [group.scale, group.clip, group.dampen] {
                row += "  " + leftAligned(range(statistics), width: Self.rangeWidth + 1)
                // Medians use the range's width of 5, so at least two spaces part the columns.
                row += rightAligned(statistics.median.map { SummaryNumbers.format($0, width: 5) } ?? "-", width: Self.medianWidth)
            }
            if group.nonFiniteKnobCount > 0 {
                row += "  bad \(group.nonFiniteKnobCount)"
            }
            lines.append(row)
        }
        return lines
    }

    private func range(_ statistics: ValueStatistics) -> String {
        guard let minimum = statistics.minimum, let maximum = statistics.maximum else {
            return "-"
        }
        return SummaryNumbers.format(minimum, width: 5) + ".." + SummaryNumbers.format(maximum, width: 5)
    }

    private func fittedName(_ name: String) -> String {
        let ellipsis: Character = asciiOnly ? "~" : "…"
        let cut = truncated(clean(name), toWidth: Self.nameWidth, ellipsis: ellipsis)
        return leftAligned(cut, width: Self.nameWidth)
    }

    private func stepValue(_ value: RunDigest.StepValue?) -> String {
        guard let value else { return "-" }
        return SummaryNumbers.format(value.value) + " (step \(value.step))"
    }

    private func clean(_ text: String) -> String {
        sanitizedForDisplay(text, asciiOnly: asciiOnly)
    }

    private func footer(for digests: [RunDigest]) -> String {
        let statistics = digests.flatMap { digest in
            digest.groups.flatMap { [$0.scale, $0.clip, $0.dampen] }
        }
        let approximate = statistics.filter { !$0.medianIsExact }
        guard let worst = approximate.map(\.medianRelativeError).max() else {
            return "medians are exact"
        }

        let percent = NumberFormatting.compact(worst * 100, width: 5)
        return "medians over \(MedianSketch.exactCapacity) values are estimates within \(percent)%"
            + " (relative); ranges are exact"
    }
}

/// Number formatting shared by the summary table.
enum SummaryNumbers {
    /// Formats a value in at most `width` columns, or "-" for none.
    static func format(_ value: Double, width: Int = 6) -> String {
        NumberFormatting.compact(value, width: width)
    }

    /// Returns "once" for 1 and "N times" otherwise.
    static func times(_ count: Int) -> String {
        count == 1 ? "once" : "\(count) times"
    }

    /// Formats a duration with tenths of a second below 10 s ("0.7s"), then as "5m03s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 10 else {
            return NumberFormatting.duration(seconds)
        }
        return NumberFormatting.fixed(seconds, decimals: 1) + "s"
    }
}
