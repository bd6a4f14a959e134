import Foundation
import OpOpTrace

// TODO: delete this file once the branch that adds `RecordSource`, `openRun` and
// `newestRun` to OpOpTrace is merged; it stands in for them with trace files only.

protocol RecordSource: AnyObject {
    var path: String { get }
    func readAvailable() throws(TraceReaderError) -> [TraceRecord]
    func readToEnd() throws(TraceReaderError) -> [TraceRecord]
    var corruptLineCount: Int { get }
    var restartCount: Int { get }
}

extension TraceReader: RecordSource {}

struct RunPathError: Error, CustomStringConvertible {
    var description: String
}

struct OpenedRun {
    var source: any RecordSource
    var runDirectory: String?
}

func openRun(path: String) throws(RunPathError) -> OpenedRun {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw RunPathError(description: "'\(path)' does not exist; give a run directory, a trace file or an opop text log")
    }
    if isDirectory.boolValue {
        let trace = path + "/trace.jsonl"
        guard FileManager.default.fileExists(atPath: trace) else {
            throw RunPathError(description: "'\(path)' has no trace.jsonl, so it is not a run directory")
        }
        return OpenedRun(source: TraceReader(path: trace), runDirectory: path)
    }
    let directory = (path as NSString).deletingLastPathComponent
    return OpenedRun(source: TraceReader(path: path), runDirectory: directory.isEmpty ? "." : directory)
}

func newestRun(under root: String) throws(RunPathError) -> String {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    let runs = names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/trace.jsonl") }
    guard let newest = runs.max(by: { modified(root + "/" + $0) < modified(root + "/" + $1) }) else {
        throw RunPathError(description: "no runs under '\(root)'; give a run directory, a trace file or a text log")
    }
    return root + "/" + newest
}

private func modified(_ path: String) -> Date {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/trace.jsonl")
    return attributes?[.modificationDate] as? Date ?? .distantPast
}
