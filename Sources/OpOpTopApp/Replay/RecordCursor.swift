import OpOpTrace

/// Reads a finished run's records from any position, so a replay can start reading at
/// a checkpoint instead of at the first line.
///
/// A position is a byte offset for a JSON Lines trace and a record index for a text
/// log. `next()` returns the next record with the position where it starts, skipping
/// blank, corrupt and unknown lines as `TraceReader` does.
protocol RecordCursor: AnyObject {
    /// The position after the last record returned.
    var position: Int { get }
    /// The size of the input in positions (bytes or records), for progress.
    var size: Int { get }
    /// Lines skipped because they did not decode, since the cursor was made.
    var corruptLineCount: Int { get }

    func seek(to position: Int)
    func next() throws(TraceReaderError) -> (record: TraceRecord, start: Int)?
}

/// The records of an opop text log, held in memory.
///
/// `OpopLogReader` builds records from state carried across lines, so a log cannot be
/// read from the middle. Text logs are short enough for this: about 200 bytes per
/// logged step, and opop logs every few steps.
final class RecordListCursor: RecordCursor {
    let records: [TraceRecord]
    let corruptLineCount: Int
    private(set) var position = 0

    init(records: [TraceRecord], corruptLineCount: Int) {
        self.records = records
        self.corruptLineCount = corruptLineCount
    }

    var size: Int { records.count }

    func seek(to position: Int) {
        self.position = min(max(0, position), records.count)
    }

    func next() throws(TraceReaderError) -> (record: TraceRecord, start: Int)? {
        guard position < records.count else { return nil }

        position += 1
        return (records[position - 1], position - 1)
    }
}
