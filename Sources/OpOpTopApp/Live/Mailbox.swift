import Synchronization

/// A thread-safe first-in, first-out queue between two threads, bounded so that a
/// consumer that stops draining cannot make the producer's memory grow without end.
///
/// `send` never waits for the consumer, because each side holds the lock only to append
/// or to take the items. When the queue is full the new item is dropped and counted, and
/// `drain` returns the count so the consumer can show it.
final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var dropped = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "a mailbox needs a capacity above zero, not \(capacity)")
        self.capacity = capacity
    }

    /// Appends `item`, or drops it when `capacity` items are already waiting.
    /// Returns false when it was dropped.
    @discardableResult
    func send(_ item: Item) -> Bool {
        state.withLock { state in
            guard state.items.count < capacity else {
                state.dropped += 1
                return false
            }
            state.items.append(item)
            return true
        }
    }

    /// Removes and returns every waiting item, oldest first, with the number dropped
    /// since the previous drain.
    func drain() -> (items: [Item], dropped: Int) {
        state.withLock { state in
            let drained = (state.items, state.dropped)
            state.items.removeAll(keepingCapacity: true)
            state.dropped = 0
            return drained
        }
    }
}
