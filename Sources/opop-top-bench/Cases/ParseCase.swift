import Foundation
import OpOpTrace

/// Case "parse": `TraceReader.readToEnd()` over whole trace files at 8 and 48 groups,
/// in records/s and MB/s of the reading thread's CPU time.
func measureParseCase(_ context: BenchContext) throws -> [Figure] {
    let directory = context.options.keepFilesDirectory ?? context.scratchDirectory
    if let keep = context.options.keepFilesDirectory {
        do {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        } catch {
            throw BenchError("creating the --keep-files folder '\(keep)' failed: \(error.localizedDescription)")
        }
    }

    var figures: [Figure] = []
    for groups in [8, 48] {
        // About 170 MB (8 groups) and 280 MB (48 groups) in the full run.
        let steps = context.size(quick: 2_000, full: groups == 8 ? 300_000 : 50_000)
        let path = directory + "/parse-\(groups)-groups.jsonl"
        let templates = TraceRecords.steps(count: 1_000, groups: groups)
        let bytes = try TraceRecords.writeTrace(path: path, steps: steps, templates: templates, groups: groups)
        defer {
            if context.options.keepFilesDirectory == nil {
                try? FileManager.default.removeItem(atPath: path)
            }
        }

        var seconds: [Double] = []
        var recordCount = 0
        for _ in 0..<context.size(quick: 2, full: 5) {
            let reader = TraceReader(path: path)
            let clock = Stopwatch()
            let records = try reader.readToEnd()
            seconds.append(clock.cpuSeconds)
            recordCount = records.count
            guard reader.corruptLineCount == 0, records.count == steps + 2 else {
                throw BenchError("'\(path)' read back as \(records.count) records with \(reader.corruptLineCount) corrupt lines"
                    + " (last: \(reader.lastCorruption.map { "\($0)" } ?? "none")); expected \(steps + 2)")
            }
        }
        let rates = seconds.map { Double(recordCount) / $0 }
        let megabytes = Double(bytes) / 1e6
        let location = context.options.keepFilesDirectory == nil ? "" : ", kept at \(path)"
        figures.append(Figure(
            "parse", "readToEnd, \(groups) groups", median(rates), "records/s",
            target: groups == 8 ? .atLeast(1_000_000) : nil,
            detail: "\(recordCount) records, \(formatFigure(megabytes)) MB, one thread's CPU; \(spreadText(rates))\(location)"))
        figures.append(Figure(
            "parse", "readToEnd, \(groups) groups", median(seconds.map { megabytes / $0 }), "MB/s",
            detail: "\(formatFigure(megabytes * 1e6 / Double(recordCount))) bytes per line"))
    }
    return figures
}
