import OpOpTrace

/// The two runs of a race (`opop-top run --race`) and the running ratio of their
/// smoothed losses, built only from trace records.
///
/// The ratio at a step is the brain run's loss EMA divided by the bare run's, both as
/// `RunHistory` computes them (weight `RunHistory.emaWeight`, about a 50-step average).
/// It is added once both runs have recorded the step, so it never compares a run with
/// the other's earlier step. Below 1 the brain is ahead. A step where either EMA is
/// missing, not finite, or where the bare EMA is not above 0 gets no ratio, because a
/// loss that diverged or reached exactly 0 has no meaningful quotient.
public struct RaceHistory: Sendable {
    /// Which run of the race a record comes from.
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
        addRatio(at: step.step)
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

    private mutating func addRatio(at step: Int) {
        guard let brainEMA = brain.series(.lossEMA), let bareEMA = bare.series(.lossEMA),
            brainEMA.latestStep == step, bareEMA.latestStep == step,
            let brainValue = brainEMA.latestValue, let bareValue = bareEMA.latestValue,
            let value = Self.ratio(brain: brainValue, bare: bareValue)
        else { return }

        ratio.append(step: step, value: value)
    }
}
