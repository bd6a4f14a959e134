import Foundation

/// Reads the text log of an opop trainer as trace records, while the trainer may still
/// be writing it.
///
/// opop's trainers print progress lines such as
/// `[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.34x/2.5u r=0.007 ~1000s remaining`,
/// and `[eval]`, `[ckpt] Saved …` and `[ctrl]` lines. The reader synthesizes a header
/// (run name from the file name, groups from the first progress line's brain section),
/// then returns a step record per progress line, an evaluation record per `[eval]`
/// line, a snapshot event per `[ckpt] Saved` line and a note event per `[ctrl]` line.
/// `docs/opop-logs.md` lists every field and how it maps.
///
/// The log has no timestamps, so each record's time is the time the reader read its
/// line. Following, restarts and half-written lines behave as in `TraceReader`.
/// Lines that are not text, or that start like a record but do not read, are counted in
/// `corruptLineCount`; other text, such as banners, is counted in `ignoredLineCount`.
///
/// Not thread-safe: use one reader from one thread.
public final class OpopLogReader: RecordSource {
    public var path: String {
        file.path
    }

    public private(set) var corruptLineCount = 0
    /// Why the most recent corrupt line could not be read, with its line number.
    public private(set) var lastCorruption: String?
    /// Blank lines and text lines that are no record, such as banners and `[gen]` samples.
    public private(set) var ignoredLineCount = 0

    public var restartCount: Int {
        file.restartCount
    }

    /// Brain decisions skipped because their group did not appear in the first
    /// progress line's brain section, which fixes the run's groups.
    public var droppedDecisionCount: Int {
        builder.droppedDecisionCount
    }

    /// The longest line read by default; a longer one counts as corrupt.
    public static let defaultMaxLineBytes = 1 << 20

    private let file: FollowedFile
    private var builder: OpopLogRecordBuilder
    private var seenRestarts = 0
    private let clock: () -> Double

    /// Creates a reader; the file is opened on the first read.
    ///
    /// - Parameters:
    ///   - runName: The header's run name; by default the file name without `.log`.
    ///   - clock: The time stamped on each record, in seconds since the epoch.
    public init(
        path: String,
        runName: String? = nil,
        maxLineBytes: Int = OpopLogReader.defaultMaxLineBytes,
        chunkBytes: Int = 1 << 16,
        clock: @escaping () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.file = FollowedFile(path: path, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
        self.builder = OpopLogRecordBuilder(runName: runName ?? Self.runName(forPath: path))
        self.clock = clock
    }

    /// Returns the file name without its directory and without a `.log` or `.txt` ending.
    public static func runName(forPath path: String) -> String {
        var name = Substring(path)
        while name.count > 1, name.hasSuffix("/") {
            name = name.dropLast()
        }
        if let slash = name.lastIndex(of: "/") {
            name = name[name.index(after: slash)...]
        }
        for ending in [".log", ".txt"] where name.count > ending.count && name.hasSuffix(ending) {
            name = name.dropLast(ending.count)
        }
        return name.isEmpty ? "opop log" : String(name)
    }

    /// Returns the records of the lines completed since the last call.
    ///
    /// A file that does not exist yet reads as empty, because a trainer may not have
    /// created it.
    public func readAvailable() throws(TraceReaderError) -> [TraceRecord] {
        var records: [TraceRecord] = []
        _ = try readLines(includingPartialLine: false, into: &records)
        return records
    }

    /// Returns the remaining records, including a last line that has no newline and the
    /// records still waiting for a progress line. Throws `notFound` when the file does
    /// not exist.
    public func readToEnd() throws(TraceReaderError) -> [TraceRecord] {
        var records: [TraceRecord] = []
        guard try readLines(includingPartialLine: true, into: &records) else {
            throw TraceReaderError.notFound(path: path)
        }
        builder.finish(wallTime: clock(), into: &records)
        return records
    }

    private func readLines(includingPartialLine: Bool, into records: inout [TraceRecord]) throws(TraceReaderError) -> Bool {
        let wallTime = clock()

        let exists = try file.readLines(includingPartialLine: includingPartialLine) { line in
            if file.restartCount != seenRestarts {
                // The file was replaced: what came before belongs to the old run.
                seenRestarts = file.restartCount
                builder.reset()
            }
            handle(line, wallTime: wallTime, into: &records)
            return true
        }
        if file.restartCount != seenRestarts {
            seenRestarts = file.restartCount
            builder.reset()
        }
        return exists
    }

    private func handle(_ line: LineAssembler.Line, wallTime: Double, into records: inout [TraceRecord]) {
        let parsed: OpopLogLine
        switch line {
        case .complete(let bytes):
            parsed = OpopLogParser.parse(bytes)
        case .tooLong(let byteCount):
            parsed = .unreadable(reason: "the line is \(byteCount) bytes long, more than the limit of \(file.maxLineBytes)")
        }

        switch parsed {
        case .unreadable(let reason):
            corruptLineCount += 1
            lastCorruption = "line \(file.lineCount): \(reason)"
        case .other:
            ignoredLineCount += 1
        default:
            builder.add(parsed, wallTime: wallTime, into: &records)
        }
    }
}
