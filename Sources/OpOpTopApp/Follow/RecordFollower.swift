import Foundation
import Synchronization
import OpOpTrace

/// Reads a `RecordSource` on a background thread and hands the records to the
/// dashboard loop, so a long existing trace never freezes the screen.
///
/// The thread reads everything there is, then polls every `pollMilliseconds`. It stops
/// reading while `maxQueuedRecords` wait to be taken, so the queue stays bounded
/// without dropping any record.
final class RecordFollower: Sendable {
    /// What the loop takes from the follower in one go.
    struct Batch: Sendable {
        /// True when the file was replaced or truncated before these records: the
        /// records start a new run, and what was built from earlier ones must go.
        var restarted = false
        var records: [TraceRecord] = []
        var corruptLineCount = 0
        /// True once the first pass over the existing file has finished.
        var hasCaughtUp = false
        /// The error that stopped reading, if one did.
        var failure: String?
    }

    static let pollMilliseconds = 200
    static let maxQueuedRecords = 200_000

    private struct State {
        var pending: [TraceRecord] = []
        var restarted = false
        var corruptLineCount = 0
        var hasCaughtUp = false
        var failure: String?
        var isStopped = false
    }

    private let state = Mutex(State())
    /// The path of the file being followed.
    let path: String

    /// Starts reading `source` on a thread of its own. The source is used by that
    /// thread only from now on.
    init(source: sending any RecordSource) {
        path = source.path
        let box = UncheckedBox(source)
        let thread = Thread { [self] in
            self.readLoop(box.value)
        }
        thread.name = "opop-trace-follower"
        thread.start()
    }

    /// Takes every record read since the last call.
    func take() -> Batch {
        state.withLock { state in
            let batch = Batch(
                restarted: state.restarted, records: state.pending,
                corruptLineCount: state.corruptLineCount, hasCaughtUp: state.hasCaughtUp, failure: state.failure
            )
            state.pending.removeAll(keepingCapacity: true)
            state.restarted = false
            return batch
        }
    }

    /// Records waiting to be taken, for the catching-up count.
    var queuedCount: Int { state.withLock { $0.pending.count } }

    func stop() {
        state.withLock { $0.isStopped = true }
    }

    private func readLoop(_ source: any RecordSource) {
        var restarts = source.restartCount
        while true {
            let isStopped = state.withLock { $0.isStopped }
            if isStopped { return }

            let queued = state.withLock { $0.pending.count }
            if queued >= Self.maxQueuedRecords {
                usleep(20_000)
                continue
            }

            do {
                let records = try source.readAvailable()
                let restarted = source.restartCount != restarts
                restarts = source.restartCount
                let corrupt = source.corruptLineCount
                state.withLock { state in
                    if restarted {
                        // The records queued before the restart belong to the old file.
                        state.pending.removeAll()
                        state.restarted = true
                    }
                    state.pending += records
                    state.corruptLineCount = corrupt
                    state.hasCaughtUp = true
                }
                if !records.isEmpty { continue }
            } catch {
                state.withLock { $0.failure = "\(error)" }
                return
            }
            usleep(useconds_t(Self.pollMilliseconds * 1000))
        }
    }
}

/// Carries a non-Sendable value to the one thread that uses it from then on.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
