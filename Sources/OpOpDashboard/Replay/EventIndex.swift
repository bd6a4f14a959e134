import OpOpTrace

/// The steps of a run's events of some kinds, in step order, for the keys that jump
/// between them: `n` and `N` between `kinds`, `b` and `B` between brain updates.
///
/// Filled while the trace is read, so it may grow after playback starts. Memory is 8
/// bytes per step and at most `capacity` steps are kept; a run with more keeps the
/// first ones.
public struct EventIndex: Sendable, Equatable {
    /// The event kinds `n` and `N` stop at: the ones a user acted on or must notice.
    /// Brain updates come every few steps, so they have keys of their own.
    public static let kinds: Set<EventRecord.Kind> = [.freeze, .unfreeze, .reset, .snapshot, .error, .badValue]
    public static let capacity = 4_000_000

    /// The kinds this index keeps.
    public let indexedKinds: Set<EventRecord.Kind>
    /// Event steps, ascending. A step appears once however many events it has.
    public private(set) var steps: [Int] = []

    /// Creates an index of the events of `kinds`, by default the ones `n` stops at.
    public init(kinds: Set<EventRecord.Kind> = EventIndex.kinds) {
        indexedKinds = kinds
    }

    /// Records an event, keeping the steps sorted and unique.
    public mutating func add(step: Int, kind: EventRecord.Kind) {
        guard indexedKinds.contains(kind), steps.count < Self.capacity else { return }

        if let last = steps.last, step <= last {
            // An event out of order happens only after a rewind; insert it in place.
            let index = firstIndex(atOrAfter: step)
            if index < steps.count && steps[index] == step { return }
            steps.insert(step, at: index)
            return
        }
        steps.append(step)
    }

    /// Returns the first event step after `position`, or nil when none is.
    public func next(after position: Int) -> Int? {
        let index = firstIndex(atOrAfter: position + 1)
        return index < steps.count ? steps[index] : nil
    }

    /// Returns the last event step before `position`, or nil when none is.
    public func previous(before position: Int) -> Int? {
        let index = firstIndex(atOrAfter: position)
        return index > 0 ? steps[index - 1] : nil
    }

    private func firstIndex(atOrAfter step: Int) -> Int {
        var low = 0
        var high = steps.count
        while low < high {
            let middle = (low + high) / 2
            if steps[middle] < step {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
