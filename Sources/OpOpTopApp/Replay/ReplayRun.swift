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
    /// The rewinds the background pass had found at the last seek or advance. A step
    /// record that one of them replaces is read into the history but never shown.
    private var rewinds = RewindList()

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

    /// Returns the next step that playback shows and its wall time: the pending step
    /// record's, or, when a later rewind replaces that record, the step the rewind goes
    /// back to, with no wall time. Nil at the end of the run.
    func nextShownStep() -> (step: Int, wallTime: Double?)? {
        refreshRewinds()
        guard let record = peekStep(), let start = pendingStep?.start else { return nil }

        if let rewindStep = rewinds.lowestRewindStep(atOrAfter: start + 1), rewindStep <= record.step {
            return (rewindStep, nil)
        }
        return (record.step, record.wallTime)
    }

    /// Reads on through every step record up to `step` in the final timeline, without a
    /// checkpoint. A step record after `step` is read too when a later rewind to `step`
    /// or before replaces it, so reading stops only at a record that stays.
    func advance(through step: Int) {
        refreshRewinds()
        while let next = peekStep(), let start = pendingStep?.start {
            guard next.step <= step || rewinds.isReplaced(position: start, step: step) else { break }
            takeStep()
        }
    }

    /// Moves to `step`: the history of every record before the first step record
    /// after `step`. Reads on from the position when that is nearer than the nearest
    /// checkpoint, else restores the checkpoint and reads on from it.
    func seek(to step: Int) {
        refreshRewinds()
        let checkpoint = indexer.index.checkpoint(forSeekTo: step)
        let current = pendingStep?.start ?? cursor.position
        let canReadOn = rewinds.canReadOn(from: current, latestStep: history.latestStep, to: step)
        if !(canReadOn && current >= checkpoint.position) {
            history = checkpoint.history
            latestStepTime = nil
            pendingStep = nil
            failure = nil
            cursor.seek(to: checkpoint.position)
        }
        advance(through: step)
    }

    /// Takes the rewinds the background pass has found since the last call.
    ///
    /// NOTE: while the background pass is still reading, a rewind it has not reached
    /// yet is unknown, so playback may still show steps that it replaces.
    private func refreshRewinds() {
        let latest = indexer.index.rewinds
        if latest.count != rewinds.count {
            rewinds = latest
        }
    }

    /// Lines of the trace that did not decode, as far as the run has been read.
    var corruptLineCount: Int {
        max(cursor.corruptLineCount, indexer.index.snapshot.corruptLineCount)
    }
}
