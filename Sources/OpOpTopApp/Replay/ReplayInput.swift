import Foundation
import OpOpTrace

/// A run the user named for replay, opened and checked before any screen opens.
struct ReplayInput: Sendable {
    enum Kind: Sendable, Equatable {
        /// A JSON Lines trace, read from byte offsets.
        case trace(path: String)
        /// An opop text log, read into memory.
        case textLog(records: [TraceRecord], corruptLineCount: Int)
    }

    /// The path as the user gave it.
    var path: String
    /// The run's name everywhere it is shown (see `runLabel(path:isDirectory:)`), made
    /// unique among the runs of one replay.
    var label: String
    var kind: Kind

    /// Opens `path`: a run directory, a trace file or an opop text log.
    ///
    /// Throws `ReplayInputError` for a path that is missing, not a run, a trace of a
    /// newer version, or an empty file.
    static func open(_ path: String) throws(ReplayInputError) -> ReplayInput {
        let opened: OpenedRun
        do {
            opened = try openRun(path: path)
        } catch {
            throw ReplayInputError(message: "\(error)")
        }
        let label = runLabel(path: path, isDirectory: opened.runDirectory == path)

        switch opened.kind {
        case .trace:
            let tracePath = opened.source.path
            let cursor: TraceFileCursor
            do {
                cursor = try TraceFileCursor(path: tracePath)
            } catch {
                if case .notFound = error {
                    throw ReplayInputError(message: "no trace in '\(path)': '\(tracePath)' does not exist; give a run directory that contains trace.jsonl")
                }
                throw ReplayInputError(message: "\(error)")
            }
            guard cursor.size > 0 else {
                throw ReplayInputError(message: "'\(tracePath)' is empty: there is nothing to replay; give a trace that a trainer has written")
            }
            do {
                try checkFinishedTrace(path: tracePath)
            } catch {
                throw ReplayInputError(message: "\(error)")
            }
            return ReplayInput(path: path, label: label, kind: .trace(path: tracePath))

        case .opopLog:
            let reader = opened.source
            let records: [TraceRecord]
            do {
                records = try reader.readToEnd()
            } catch {
                throw ReplayInputError(message: "\(error)")
            }
            guard !records.isEmpty else {
                throw ReplayInputError(message: "'\(path)' has no opop progress lines: there is nothing to replay")
            }
            return ReplayInput(path: path, label: label, kind: .textLog(records: records, corruptLineCount: reader.corruptLineCount))
        }
    }

    /// Returns a new cursor over the run's records.
    func makeCursor() throws(TraceReaderError) -> any RecordCursor {
        switch kind {
        case .trace(let path):
            return try TraceFileCursor(path: path)
        case .textLog(let records, let corruptLineCount):
            return RecordListCursor(records: records, corruptLineCount: corruptLineCount)
        }
    }

    /// Opens the run for playback: a cursor and a background indexer of its own.
    func makeRun() throws(TraceReaderError) -> ReplayRun {
        let input = self
        let indexer = ReplayIndexer { try input.makeCursor() }
        return ReplayRun(label: label, cursor: try makeCursor(), indexer: indexer)
    }

    /// Returns the name of a run for the screen legend, the summary, the SVG and the
    /// CSV `run` column: a directory's own name; for a file named `trace.jsonl`, the
    /// name of the directory that contains it; for any other file, its name without
    /// the last extension (`bad/nan.jsonl` is "nan").
    static func runLabel(path: String, isDirectory: Bool) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let name = url.lastPathComponent

        if isDirectory {
            return name
        }
        if name == "trace.jsonl" {
            let parent = url.deletingLastPathComponent().lastPathComponent
            return parent.isEmpty || parent == "/" ? name : parent
        }
        let stem = url.deletingPathExtension().lastPathComponent
        return stem.isEmpty ? name : stem
    }

    /// Makes labels unique by appending " (2)", " (3)" to repeats, skipping any suffix
    /// that another label already has.
    static func uniqueLabels(_ labels: [String]) -> [String] {
        var used = Set<String>()
        var result: [String] = []
        for label in labels {
            var candidate = label
            var number = 2
            while used.contains(candidate) || (candidate != label && labels.contains(candidate)) {
                candidate = "\(label) (\(number))"
                number += 1
            }
            used.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}

/// A run that cannot be replayed, with the path and what to do.
struct ReplayInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
