import Foundation
import OpOpTrace

/// Checks the file `--export FORMAT FILE` would write before anything is truncated.
///
/// A forgotten FILE makes the first trace the output, so a trace must never be
/// overwritten: FILE may not be any input (compared by device and inode, so links and
/// other spellings count), an existing trace or opop text log, or any path ending in
/// `.jsonl`. An extension that names another format (`--export svg out.csv`) is
/// rejected too, because it is almost always a slip. Other extensions, or none, are
/// accepted, so `/dev/stdout` works.
enum ExportTarget {
    /// The extensions that name a format other than `format`, in lower case.
    static func foreignExtensions(for format: ReplayOptions.ExportFormat) -> [String] {
        ReplayOptions.ExportFormat.allCases.filter { $0 != format }.map(\.rawValue) + ["jsonl", "log"]
    }

    /// Throws when writing `format` to `path` could destroy an input or a trace, or when
    /// `path`'s extension names another format.
    static func check(_ path: String, format: ReplayOptions.ExportFormat, inputs: [ReplayInput]) throws(ReplayInputError) {
        let outputName = format == .svg ? "the SVG chart" : "the CSV series"
        let fix = "name the output file right after the format, as in '--export \(format.rawValue) out.\(format.rawValue) RUN...'"

        if let identity = fileIdentity(path) {
            for input in inputs {
                for inputPath in input.readPaths where fileIdentity(inputPath) == identity {
                    throw ReplayInputError(message: "will not write \(outputName) to '\(path)': it is the input '\(inputPath)', which would be destroyed; \(fix)")
                }
            }
        }

        let fileExtension = (path as NSString).pathExtension.lowercased()
        if fileExtension == "jsonl" {
            throw ReplayInputError(message: "will not write \(outputName) to '\(path)': a name ending in .jsonl is a trace's; \(fix)")
        }
        if isExistingRun(path) {
            throw ReplayInputError(message: "will not overwrite '\(path)' with \(outputName): it is a trace or run; \(fix)")
        }
        if foreignExtensions(for: format).contains(fileExtension) {
            throw ReplayInputError(message: "'\(path)' ends in .\(fileExtension) but --export \(format.rawValue) writes \(format.rawValue); \(fix)")
        }
    }

    /// A file's device and inode numbers, or nil when nothing exists at `path`.
    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    private static func fileIdentity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Returns true when `path` exists and opens as a trace, an opop text log or a run
    /// directory.
    private static func isExistingRun(_ path: String) -> Bool {
        guard fileIdentity(path) != nil, let opened = try? openRun(path: path) else { return false }
        return opened.kind == .trace || opened.kind == .opopLog
    }
}

extension ReplayInput {
    /// The paths this input reads: the path given and, for a trace, the trace file.
    var readPaths: [String] {
        switch kind {
        case .trace(let tracePath):
            return [path, tracePath]
        case .textLog:
            return [path]
        }
    }
}
