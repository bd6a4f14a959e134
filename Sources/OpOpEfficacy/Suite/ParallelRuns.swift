import Foundation
import Synchronization

/// Runs independent jobs on a fixed number of threads and returns their results in the
/// jobs' order, so the results do not depend on which thread ran what, or when.
enum ParallelRuns {
    /// Calls `body` on every item, `jobs` at a time, and returns the outputs in the order
    /// of `items`. Items are started in the order given, so put the slowest first to
    /// shorten the tail. Rethrows the error of the earliest failed item after all have run.
    static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], jobs: Int, _ body: @escaping @Sendable (Item) throws -> Output
    ) throws -> [Output] {
        let state = Mutex(State<Output>(outputs: Array(repeating: nil, count: items.count)))
        let workerCount = max(1, min(jobs, items.count))
        let finished = DispatchSemaphore(value: 0)

        for _ in 0..<workerCount {
            let thread = Thread {
                while true {
                    let index = state.withLock { state -> Int? in
                        guard state.nextIndex < items.count else { return nil }
                        defer { state.nextIndex += 1 }
                        return state.nextIndex
                    }
                    guard let index else { break }

                    let output = Result { try body(items[index]) }
                    state.withLock { $0.outputs[index] = output }
                }
                finished.signal()
            }
            // The runs allocate on the heap; the default stack of a secondary thread suffices.
            thread.start()
        }
        for _ in 0..<workerCount {
            finished.wait()
        }

        let outputs = state.withLock { $0.outputs }
        return try outputs.map { try $0!.get() }
    }

    private struct State<Output: Sendable>: Sendable {
        var outputs: [Result<Output, any Error>?]
        var nextIndex = 0
    }
}
