import OpOpExport
import OpOpTrace

/// The screenless replay outputs: the summary table, an SVG picture and CSV series.
///
/// Each run passes through its consumer record by record (`TraceFileStream` for a
/// trace), so a trace of any length needs memory only for the consumer's own state.
enum ReplayExports {
    /// Returns the summary table of `inputs`.
    static func summary(of inputs: [ReplayInput], asciiOnly: Bool) throws -> String {
        var runs: [SummaryTable.Run] = []
        for input in inputs {
            var digest = RunDigest()
            let corrupt = try forEachRecord(of: input) { digest.add($0) }
            digest.badValues.corruptLines = corrupt
            runs.append(SummaryTable.Run(label: input.label, digest: digest))
        }
        return SummaryTable(asciiOnly: asciiOnly).render(runs)
    }

    /// Writes `inputs` to `path` in `format` and returns the line to print.
    ///
    /// The file is created before any run is read, so a path that cannot be written
    /// fails at once. A path that is an input or a trace is rejected before that (see
    /// `ExportTarget`).
    static func export(_ inputs: [ReplayInput], format: ReplayOptions.ExportFormat, to path: String) throws -> String {
        try ExportTarget.check(path, format: format, inputs: inputs)
        let file = try FileOutput(creating: path)
        switch format {
        case .svg:
            var runs: [SVGChart.Run] = []
            for input in inputs {
                var data = RunChartData()
                _ = try forEachRecord(of: input) { data.add($0) }
                runs.append(SVGChart.Run(label: input.label, data: data))
            }
            try file.write(SVGChart().render(runs))
            try file.close()
            return "wrote the SVG chart of \(runCount(inputs.count)) to \(path)\n"

        case .csv:
            let headers = try inputs.compactMap(firstHeader)
            var exporter = CSVExporter(
                output: file, includeRunColumn: inputs.count > 1,
                groupColumns: inputs.count > 1 ? CSVExporter<FileOutput>.groupColumns(for: headers) : nil
            )
            for input in inputs {
                exporter.runLabel = inputs.count > 1 ? input.label : nil
                _ = try forEachRecord(of: input) { try exporter.add($0) }
            }
            try exporter.finish()
            try file.close()
            return "wrote \(exporter.rowCount) rows of \(runCount(inputs.count)) to \(path)\n"
        }
    }

    private static func runCount(_ count: Int) -> String {
        count == 1 ? "1 run" : "\(count) runs"
    }

    /// Calls `body` with each record of the run and returns the corrupt line count.
    private static func forEachRecord(of input: ReplayInput, _ body: (TraceRecord) throws -> Void) throws -> Int {
        switch input.kind {
        case .trace(let path):
            return try TraceFileStream.forEachRecord(path: path, body).corruptLines
        case .textLog(let records, let corruptLineCount):
            try records.forEach(body)
            return corruptLineCount
        }
    }

    /// Returns the run's first header, reading no further than the first record.
    private static func firstHeader(of input: ReplayInput) throws -> TraceHeader? {
        let cursor = try input.makeCursor()
        guard let (record, _) = try cursor.next(), case .header(let header) = record else { return nil }
        return header
    }
}
