import Foundation
import Synchronization
import OpOpDashboard
import OpOpTrace

/// A copy of a run's history at a record boundary, where a seek can resume reading.
struct ReplayCheckpoint: Sendable {
    /// The history of every record before `position`.
    var history: RunHistory
    /// The cursor position of the step record that follows.
    var position: Int
    /// The latest step in `history`, or nil before the first step record.
    var step: Int? { history.latestStep }
}

/// What the background pass over a run has found so far: checkpoints to seek from, the
/// event steps, the last step and how far it has read. Safe to use from any thread.
///
/// Checkpoints are taken every `interval` step records. Their number is bounded by a
/// memory budget: when there are more than `maximumCheckpoints`, every other one is
/// dropped and the interval doubles. A seek then re-reads at most `interval` step
/// records (and the events between them) after restoring a checkpoint.
final class ReplayIndex: Sendable {
    /// The memory all checkpoints of one run may take, in bytes, at full history
    /// capacity. Copies share storage until they differ, so real use is lower.
    static let checkpointBudgetBytes = 64 << 20
    /// The first interval between checkpoints, in step records.
    static let initialInterval = 4096

    struct Snapshot: Sendable {
        var checkpoints: [ReplayCheckpoint] = [ReplayCheckpoint(history: RunHistory(), position: 0)]
        var interval = ReplayIndex.initialInterval
        /// The steps `n` and `N` jump between.
        var events = EventIndex()
        /// The steps of brain updates, for `b` and `B`.
        var brainUpdates = EventIndex(kinds: [.brainUpdate])
        /// Where the trace goes back, as far as it has been read.
        var rewinds = RewindList()
        var firstStep: Int?
        var lastStep: Int?
        /// Cursor positions read and the input's size, for progress.
        var positionsRead = 0
        var size = 0
        var isComplete = false
        var corruptLineCount = 0
        /// Why reading stopped early, if it did.
        var failure: String?
        var recordCount = 0
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    /// Returns the last checkpoint whose step is at or before `step`, in file order.
    func checkpoint(atOrBefore step: Int) -> ReplayCheckpoint {
        state.withLock { state in
            state.checkpoints.last { ($0.step ?? Int.min) <= step } ?? state.checkpoints[0]
        }
    }

    /// Returns the last checkpoint from which reading on reaches `step` in the final
    /// timeline: one with no step after `step`, or one that a later rewind to `step` or
    /// before brings back.
    func checkpoint(forSeekTo step: Int) -> ReplayCheckpoint {
        state.withLock { state in
            state.checkpoints.last {
                state.rewinds.canReadOn(from: $0.position, latestStep: $0.step, to: step)
            } ?? state.checkpoints[0]
        }
    }

    /// The rewinds found so far.
    var rewinds: RewindList {
        state.withLock { $0.rewinds }
    }

    /// Returns the checkpoint after position `position`, if any: a seek past it is
    /// faster from there than by reading on.
    func checkpoint(after position: Int) -> ReplayCheckpoint? {
        state.withLock { state in state.checkpoints.first { $0.position > position } }
    }

    fileprivate func update<Result>(_ body: (inout Snapshot) -> Result) -> Result {
        state.withLock { body(&$0) }
    }
}

/// Reads a run once on a background thread and fills its `ReplayIndex`.
final class ReplayIndexer: Sendable {
    let index = ReplayIndex()
    private let stopRequested = Atomic<Bool>(false)

    /// Starts reading on a thread of its own. `makeCursor` opens a cursor of the
    /// indexer's own, used by that thread only.
    init(makeCursor: @escaping @Sendable () throws -> any RecordCursor) {
        let thread = Thread { [self] in
            do {
                try self.read(try makeCursor())
            } catch {
                self.index.update { state in
                    state.failure = "\(error)"
                    state.isComplete = true
                }
            }
        }
        thread.name = "opop-replay-indexer"
        thread.start()
    }

    func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    private func read(_ cursor: any RecordCursor) throws {
        var history = RunHistory()
        var stepsSinceCheckpoint = 0
        var pending = ReplayIndex.Snapshot()
        pending.checkpoints = []
        var count = 0
        var interval = ReplayIndex.initialInterval

        while let (record, start) = try cursor.next() {
            if stopRequested.load(ordering: .relaxed) { return }

            switch record {
            case .step(let step):
                if stepsSinceCheckpoint >= interval {
                    pending.checkpoints.append(ReplayCheckpoint(history: history, position: start))
                    stepsSinceCheckpoint = 0
                }
                stepsSinceCheckpoint += 1
                if pending.firstStep == nil { pending.firstStep = step.step }
                pending.lastStep = max(pending.lastStep ?? step.step, step.step)
            case .event(let event):
                pending.events.add(step: event.step, kind: event.kind)
                pending.brainUpdates.add(step: event.step, kind: event.kind)
            case .header, .evaluation:
                break
            }
            let latestBefore = history.latestStep
            history.ingest(record)
            noteRewind(record, at: start, latestBefore: latestBefore, latestAfter: history.latestStep, into: &pending)
            count += 1

            if count % 8192 == 0 || !pending.checkpoints.isEmpty {
                interval = publish(&pending, cursor: cursor, count: count, bytesPerHistory: history.capacityInBytes)
            }
        }
        _ = publish(&pending, cursor: cursor, count: count, bytesPerHistory: history.capacityInBytes)
        index.update { $0.isComplete = true }
    }

    /// Adds a rewind when `record` went back: a step at or before the latest one, or a
    /// header of another run that emptied the history.
    private func noteRewind(_ record: TraceRecord, at start: Int, latestBefore: Int?, latestAfter: Int?, into pending: inout ReplayIndex.Snapshot) {
        guard let latestBefore else { return }

        switch record {
        case .step(let step) where step.step <= latestBefore:
            pending.rewinds.add(position: start, step: step.step)
        case .header where latestAfter == nil:
            pending.rewinds.add(position: start, step: Int.min)
        default:
            break
        }
    }

    /// Moves what `pending` found into the shared index and thins the checkpoints when
    /// they exceed the budget. Returns the checkpoint interval now in force.
    private func publish(_ pending: inout ReplayIndex.Snapshot, cursor: any RecordCursor, count: Int, bytesPerHistory: Int) -> Int {
        let maximum = min(256, max(8, ReplayIndex.checkpointBudgetBytes / max(1, bytesPerHistory)))
        let found = pending
        pending.checkpoints.removeAll()
        return index.update { state in
            state.checkpoints += found.checkpoints
            while state.checkpoints.count > maximum {
                // Keep the first (empty) checkpoint and every other one after it.
                state.checkpoints = state.checkpoints.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                state.interval *= 2
            }
            state.events = found.events
            state.brainUpdates = found.brainUpdates
            state.rewinds = found.rewinds
            state.firstStep = found.firstStep
            state.lastStep = found.lastStep
            state.positionsRead = cursor.position
            state.size = max(cursor.size, cursor.position)
            state.corruptLineCount = cursor.corruptLineCount
            state.recordCount = count
            return state.interval
        }
    }
}
