import OpOpDashboard
import OpOpTrace

/// One run being replayed: its history at the current position and the cursor that
/// reads on from there.
///
/// The history contains every record up to the position's step record and the events
/// and evaluations that follow it, up to the next step record, which waits in
/// `pendingStep`. Not thread-safe: the replay loop owns it.
final class ReplayRun {
    let label: String
    let indexer: ReplayIndexer
    private let cursor: any RecordCursor
    private(set) var history = RunHistory()
    /// The next step record and where it starts, read but not yet in the history.
    private var pendingStep: (record: StepRecord, start: Int)?
    /// The wall time of the latest step record in the history, for playback gaps.
    private(set) var latestStepTime: Double?
    /// The error that stopped reading, if one did.
    private(set) var failure: String?

    init(label: String, cursor: any RecordCursor, indexer: ReplayIndexer) {
        self.label = label
        self.cursor = cursor
        self.indexer = indexer
    }

    /// Returns the next step record after the position, reading the events and
    /// evaluations before it into the history. Nil at the end of the run.
    func peekStep() -> StepRecord? {
        if let pendingStep { return pendingStep.record }
        guard failure == nil else { return nil }

        do {
            while let (record, start) = try cursor.next() {
                if case .step(let step) = record {
                    pendingStep = (step, start)
                    return step
                }
                history.ingest(record)
            }
        } catch {
            failure = "\(error)"
        }
        return nil
    }

    /// Adds the pending step record (and what follows it up to the next step record) to
    /// the history.
    func takeStep() {
        guard let (record, _) = pendingStep else { return }

        pendingStep = nil
        history.ingest(.step(record))
        latestStepTime = record.wallTime
        _ = peekStep()
    }

    /// Reads on through every step record up to `step`, without a checkpoint.
    func advance(through step: Int) {
        while let next = peekStep(), next.step <= step {
            takeStep()
        }
    }

    /// Moves to `step`: the history of every record before the first step record
    /// after `step`. Reads on from the position when that is nearer than the nearest
    /// checkpoint, else restores the checkpoint and reads on from it.
    func seek(to step: Int) {
        let checkpoint = indexer.index.checkpoint(atOrBefore: step)
        let current = history.latestStep ?? Int.min
        let readingOnIsNearer = current <= step && (pendingStep?.start ?? cursor.position) >= checkpoint.position
        if !readingOnIsNearer {
            history = checkpoint.history
            latestStepTime = nil
            pendingStep = nil
            failure = nil
            cursor.seek(to: checkpoint.position)
        }
        advance(through: step)
    }

    /// Lines of the trace that did not decode, as far as the run has been read.
    var corruptLineCount: Int {
        max(cursor.corruptLineCount, indexer.index.snapshot.corruptLineCount)
    }
}
