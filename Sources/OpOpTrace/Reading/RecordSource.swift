/// A file read incrementally into trace records: a JSON Lines trace (`TraceReader`) or
/// an opop text log (`OpopLogReader`).
///
/// `readAvailable()` returns the records of the lines completed since the previous
/// call and holds back a line that has no newline yet. `readToEnd()` also takes that
/// line, for a file whose writer has finished. When `restartCount` changes, the file
/// was truncated or replaced and the records that follow start a new run from its
/// header, so a consumer should drop what it built from the earlier records.
///
/// Not thread-safe: use one source from one thread.
public protocol RecordSource: AnyObject {
    var path: String { get }
    func readAvailable() throws(TraceReaderError) -> [TraceRecord]
    func readToEnd() throws(TraceReaderError) -> [TraceRecord]
    /// Lines skipped because they could not be read as a record, over the source's lifetime.
    var corruptLineCount: Int { get }
    /// The number of times the file was truncated or replaced and read again from the start.
    var restartCount: Int { get }
}
