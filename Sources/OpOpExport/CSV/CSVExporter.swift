import OpOpTrace

/// Writes a trace's steps and evaluations as CSV, one row per step record and one per
/// evaluation metric, as the records arrive.
///
/// Columns: an optional `run` column, then `step`, `time`, `loss`, `reward`, `baseline`,
/// then four per group, named after it: `NAME/scale`, `NAME/clip`, `NAME/dampen` and
/// `NAME/grad_norm`, then `eval_metric` and `eval_value`. A step row leaves the two
/// evaluation fields empty. An evaluation row fills only `run`, `step`, `time` and them,
/// because metric names are not known before the first evaluation arrives. Fields are quoted by the rules of RFC 4180. Rows end in a line feed
/// rather than the RFC's CRLF, which CSV readers accept. Non-finite numbers are written
/// `NaN`, `Inf` and `-Inf`, and a value the
/// step does not have (a reward at the first step, a missing gradient norm) is empty.
///
/// Nothing is buffered beyond the output's own buffer, so a trace of any length streams
/// through. Because rows are written at once, a step that goes back (a resumed trainer)
/// writes its row again: a later row with the same run, step and `eval_metric` replaces
/// the earlier one.
///
/// Several runs go into one file with `includeRunColumn` and `groupColumns` set to the
/// union of their group names (`groupColumns(for:)`). A run's group that has no column
/// is left out and listed in `omittedGroupNames`; a column the run lacks stays empty.
public struct CSVExporter<Output: TextOutput> {
    public private(set) var output: Output
    /// The value of the `run` column; nil uses the current header's run name.
    public var runLabel: String?
    /// Data rows written so far, step rows and evaluation rows.
    public private(set) var rowCount = 0
    /// Group names of the runs that had no column, in first-seen order.
    public private(set) var omittedGroupNames: [String] = []
    /// Records skipped because they came before any header.
    public private(set) var recordsBeforeHeader = 0

    private let includeRunColumn: Bool
    private var columns: [String]?
    private var headerRowWritten = false
    private var header: TraceHeader?
    /// For each group column, the index of that group in the current header's groups.
    private var columnSources: [Int?] = []

    /// - Parameters:
    ///   - includeRunColumn: Starts each row with the run's label, for several runs in one file.
    ///   - groupColumns: The groups that get columns; nil takes the first header's groups.
    public init(output: Output, includeRunColumn: Bool = false, groupColumns: [String]? = nil) {
        self.output = output
        self.includeRunColumn = includeRunColumn
        self.columns = groupColumns
    }

    /// Returns the group names of `headers` in first-seen order, each name as many times
    /// as the header that lists it most often.
    public static func groupColumns(for headers: [TraceHeader]) -> [String] {
        var columns: [String] = []
        for header in headers {
            var remaining = columns
            for name in header.groupNames {
                if let index = remaining.firstIndex(of: name) {
                    remaining.remove(at: index)
                } else {
                    columns.append(name)
                }
            }
        }
        return columns
    }

    /// Writes the row of a step record, and the header row before the first one.
    public mutating func add(_ record: TraceRecord) throws(ExportError) {
        switch record {
        case .header(let newHeader):
            try startRun(newHeader)
        case .step(let step):
            guard header != nil else {
                recordsBeforeHeader += 1
                return
            }
            try writeRow(step)
        case .evaluation(let evaluation):
            guard header != nil else {
                recordsBeforeHeader += 1
                return
            }
            try writeRows(evaluation)
        case .event:
            break
        }
    }

    /// Writes the header row if no record wrote it, so an empty trace still gives a
    /// file with the column names, and returns the output.
    @discardableResult
    public mutating func finish() throws(ExportError) -> Output {
        try writeHeaderRowIfNeeded()
        return output
    }

    private mutating func startRun(_ newHeader: TraceHeader) throws(ExportError) {
        header = newHeader
        if columns == nil {
            columns = newHeader.groupNames
        }
        try writeHeaderRowIfNeeded()

        var unused = Array(newHeader.groupNames.enumerated())
        columnSources = (columns ?? []).map { name in
            guard let position = unused.firstIndex(where: { $0.element == name }) else { return nil }
            return unused.remove(at: position).offset
        }
        for (_, name) in unused where !omittedGroupNames.contains(name) {
            omittedGroupNames.append(name)
        }
    }

    private mutating func writeHeaderRowIfNeeded() throws(ExportError) {
        guard !headerRowWritten else { return }

        var fields = includeRunColumn ? ["run"] : []
        fields += ["step", "time", "loss", "reward", "baseline"]
        for name in columns ?? [] {
            fields += ["scale", "clip", "dampen", "grad_norm"].map { CSVField.text(name + "/" + $0) }
        }
        fields += ["eval_metric", "eval_value"]
        try output.write(fields.joined(separator: ",") + "\n")
        headerRowWritten = true
    }

    private mutating func writeRow(_ step: StepRecord) throws(ExportError) {
        var fields: [String] = []
        fields.reserveCapacity(6 + columnSources.count * 4)
        if includeRunColumn {
            fields.append(CSVField.text(runLabel ?? header?.runName ?? ""))
        }
        fields.append(String(step.step))
        fields.append(CSVField.number(step.wallTime))
        fields.append(CSVField.number(step.loss))
        fields.append(CSVField.number(step.reward))
        fields.append(CSVField.number(step.baseline))

        for source in columnSources {
            guard let source, source < step.groups.count else {
                fields += ["", "", "", ""]
                continue
            }
            let group = step.groups[source]
            fields.append(CSVField.number(group.scale))
            fields.append(CSVField.number(group.clip))
            fields.append(CSVField.number(group.dampen))
            fields.append(CSVField.number(group.gradientNorm))
        }
        fields += ["", ""]

        try output.write(fields.joined(separator: ",") + "\n")
        rowCount += 1
    }

    private mutating func writeRows(_ evaluation: EvaluationRecord) throws(ExportError) {
        let emptyFields = Array(repeating: "", count: 3 + columnSources.count * 4)
        for metric in evaluation.metrics {
            var fields: [String] = []
            if includeRunColumn {
                fields.append(CSVField.text(runLabel ?? header?.runName ?? ""))
            }
            fields.append(String(evaluation.step))
            fields.append(CSVField.number(evaluation.wallTime))
            fields += emptyFields
            fields.append(CSVField.text(metric.name))
            fields.append(CSVField.number(metric.value))

            try output.write(fields.joined(separator: ",") + "\n")
            rowCount += 1
        }
    }
}
