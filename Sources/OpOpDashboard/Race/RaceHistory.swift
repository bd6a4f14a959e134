import OpOpTrace

/// The two runs of a race (`opop-top run --race`) and the running ratio of their
/// smoothed losses, built only from trace records.
///
/// The ratio at a step is the brain run's loss EMA divided by the bare run's, both as
/// `RunHistory` computes them (weight `RunHistory.emaWeight`, about a 50-step average).
/// Below 1 the brain is ahead. The runs' records may arrive in any interleaving, such
/// as a batch of one run's steps before the other's, so each run's EMAs wait in a
/// queue until the other run has the same step. A step where either EMA is missing
/// (its loss was not finite) or where the quotient has no meaning (see `ratio(brain:bare:)`)
/// gets no ratio. Neither does a step where both EMAs are below `nearZeroFraction` of the
/// largest EMA either run had: there the quotient of two rounding errors would swing
/// wildly, so `bothNearZero` is set instead.
public struct RaceHistory: Sendable {
    /// The run of the race that a record comes from.
    public enum Side: Sendable, Equatable, CaseIterable {
        case brain
        case bare
    }

    /// The run whose optimizer the brain wraps.
    public private(set) var brain: RunHistory
    /// The run of the bare optimizer.
    public private(set) var bare: RunHistory
    /// The brain run's loss EMA over the bare run's, by step.
    public private(set) var ratio: SeriesHistory
    /// The race's name for the title line, such as its directory's name.
    public var name: String?
    /// Whether both EMAs were near 0 at the latest step both runs have reached.
    public private(set) var bothNearZero = false

    /// Below this fraction of the largest EMA seen, an EMA counts as near 0.
    public static let nearZeroFraction = 1e-6
    /// The largest finite loss EMA either run has had, which `nearZeroFraction` scales.
    private var largestEMA = 0.0

    /// Each run's loss EMAs at steps the other run has not reached yet, oldest first.
    private var waitingBrain = PendingEMAs()
    private var waitingBare = PendingEMAs()

    /// Creates an empty race whose runs and ratio keep the given capacities, as
    /// `RunHistory.init(recentCapacity:summaryCapacity:)` describes them.
    public init(name: String? = nil, recentCapacity: Int = 4096, summaryCapacity: Int = 512) {
        self.name = name
        brain = RunHistory(recentCapacity: recentCapacity, summaryCapacity: summaryCapacity)
        bare = brain
        ratio = SeriesHistory(recentCapacity: recentCapacity, summaryCapacity: summaryCapacity)
    }

    /// Adds one record of the run on `side`, and the ratio at its step once both runs
    /// have reached that step.
    public mutating func ingest(_ record: TraceRecord, from side: Side) {
        switch side {
        case .brain: brain.ingest(record)
        case .bare: bare.ingest(record)
        }

        guard case .step(let step) = record else { return }
        // Reading the EMA through `side` avoids copying a whole `RunHistory` per record.
        let ema = side == .brain ? brain.lossEMA : bare.lossEMA
        guard ema.latestStep == step.step, let value = ema.latestValue else { return }

        switch side {
        case .brain: waitingBrain.append(step: step.step, ema: value)
        case .bare: waitingBare.append(step: step.step, ema: value)
        }
        if value.isFinite {
            largestEMA = max(largestEMA, abs(value))
        }
        matchWaitingSteps()
    }

    /// The ratio at the latest step both runs have reached, or nil before it exists.
    public var latestRatio: Double? { ratio.latestValue }

    /// The latest step both runs have recorded.
    public var commonStep: Int? {
        guard let brainStep = brain.latestStep, let bareStep = bare.latestStep else { return nil }
        return min(brainStep, bareStep)
    }

    /// Returns `brain / bare` for two smoothed losses, or nil when the quotient has no
    /// meaning: either value is not finite, the bare loss is not above 0, or the brain
    /// loss is negative.
    public static func ratio(brain: Double, bare: Double) -> Double? {
        guard brain.isFinite, bare.isFinite, bare > 0, brain >= 0 else { return nil }
        return brain / bare
    }

    /// Adds the ratio of every step both runs have reached. A step only one run has
    /// at the head of its queue is dropped once the other run has passed it, because
    /// each run's steps only increase.
    private mutating func matchWaitingSteps() {
        while let brainHead = waitingBrain.first, let bareHead = waitingBare.first {
            if brainHead.step < bareHead.step {
                waitingBrain.removeFirst()
                continue
            }
            if bareHead.step < brainHead.step {
                waitingBare.removeFirst()
                continue
            }

            waitingBrain.removeFirst()
            waitingBare.removeFirst()
            let floor = Self.nearZeroFraction * largestEMA
            bothNearZero = abs(brainHead.ema) < floor && abs(bareHead.ema) < floor
            if !bothNearZero, let value = Self.ratio(brain: brainHead.ema, bare: bareHead.ema) {
                ratio.append(step: brainHead.step, value: value)
            }
        }
    }
}

/// Loss EMAs by step, oldest first. At `capacity`, each new entry drops the oldest.
struct PendingEMAs: Sendable {
    /// Enough for one run to lead the other by more than a full record mailbox of the
    /// live race (65,536 records) between two frames.
    static let capacity = 1 << 17

    private var entries: [(step: Int, ema: Double)] = []
    private var head = 0

    var first: (step: Int, ema: Double)? { head < entries.count ? entries[head] : nil }

    mutating func append(step: Int, ema: Double) {
        if entries.count - head >= Self.capacity { head += 1 }
        entries.append((step, ema))
    }

    mutating func removeFirst() {
        head += 1
        // Compacting once half the array is consumed keeps both calls O(1) amortised.
        if head >= 1024 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
