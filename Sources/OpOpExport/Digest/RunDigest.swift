import OpOpTrace

/// The numbers that summarise one trace, gathered in a single streaming pass.
///
/// Feed it every record of a trace in order with `add(_:)`, then set
/// `badValues.corruptLines` from the reader. Memory does not grow with the number of
/// steps: each series keeps a range, a count and a bounded median sketch (see
/// `ValueStatistics`), so a 5-million-step, 48-group trace takes the same room as a
/// short one.
///
/// The trace format's rules apply as follows:
/// - A second header with the same run name and groups continues the run.
/// - A header with another run name or other groups starts over: everything read before
///   is dropped, and `discardedRunCount` goes up.
/// - A step at or before the latest step replaces the history from that step on. The
///   digest cannot take values back out of its statistics without keeping them, so the
///   step count, best loss, ranges, medians and bad-value counts still include the
///   replaced steps. The final loss, last step and last time follow the replacement.
///   `rewindCount` and `earliestRewindStep` record that this happened, and the summary
///   table prints it.
/// - Events are counted as they arrive, because they really happened.
public struct RunDigest: Sendable {
    /// A value together with the step it was read at.
    public struct StepValue: Sendable, Equatable {
        public var step: Int
        public var value: Double

        public init(step: Int, value: Double) {
            self.step = step
            self.value = value
        }
    }

    /// The latest header, or nil before the first one.
    public private(set) var header: TraceHeader?
    /// One entry per group of the header, in its order.
    public private(set) var groups: [GroupDigest] = []

    /// Step records read, including steps that a rewind replaced.
    public private(set) var stepCount = 0
    public private(set) var firstStep: Int?
    public private(set) var lastStep: Int?
    /// The wall time of the first step, in seconds since the epoch.
    public private(set) var firstTime: Double?
    /// The wall time of the last step, in seconds since the epoch.
    public private(set) var lastTime: Double?

    /// The finite loss of the latest step that had one.
    public private(set) var finalLoss: StepValue?
    /// The smallest finite loss, at its first step.
    public private(set) var bestLoss: StepValue?
    /// The latest finite reward baseline.
    public private(set) var finalBaseline: StepValue?
    /// The metrics of the latest evaluation, in the trace's order.
    public private(set) var lastEvaluation: EvaluationRecord?

    public private(set) var eventCounts: [EventRecord.Kind: Int] = [:]
    /// Bad values; the caller sets `corruptLines` from its reader.
    public var badValues = BadValueCounts()

    /// Steps that went back to or before an earlier step.
    public private(set) var rewindCount = 0
    /// The lowest step a rewind went back to.
    public private(set) var earliestRewindStep: Int?
    /// Headers that continued the run after a restart of its trainer.
    public private(set) var continuedHeaderCount = 0
    /// Runs dropped because a header with another run name or other groups followed them.
    public private(set) var discardedRunCount = 0
    /// Records that came before any header, and so could not be attributed to a run.
    public private(set) var recordsBeforeHeader = 0

    private var boundary = RunBoundary()

    public init() {}

    /// Whether the run trained without a brain, which its header shows as empty brain settings.
    public var hasBrain: Bool {
        !(header?.brainSettings.isEmpty ?? true)
    }

    /// Returns the number of events of `kind`.
    public func eventCount(_ kind: EventRecord.Kind) -> Int {
        eventCounts[kind] ?? 0
    }

    /// Adds one record. Constant time per value, plus the rare bucket merge of a sketch.
    public mutating func add(_ record: TraceRecord) {
        switch record {
        case .header(let newHeader):
            addHeader(newHeader)
        case .step(let step):
            guard header != nil else {
                recordsBeforeHeader += 1
                return
            }
            addStep(step)
        case .evaluation(let evaluation):
            guard header != nil else {
                recordsBeforeHeader += 1
                return
            }
            lastEvaluation = evaluation
        case .event(let event):
            guard header != nil else {
                recordsBeforeHeader += 1
                return
            }
            eventCounts[event.kind, default: 0] += 1
        }
    }

    private mutating func addHeader(_ newHeader: TraceHeader) {
        switch boundary.classify(newHeader) {
        case .first:
            break
        case .continues:
            continuedHeaderCount += 1
        case .startsOver:
            let discarded = discardedRunCount + 1
            let corruptLines = badValues.corruptLines
            let orphans = recordsBeforeHeader
            self = RunDigest()
            discardedRunCount = discarded
            badValues.corruptLines = corruptLines
            recordsBeforeHeader = orphans
            _ = boundary.classify(newHeader)
        }

        header = newHeader
        if groups.map(\.name) != newHeader.groupNames {
            groups = newHeader.groupNames.map(GroupDigest.init(name:))
        }
    }

    private mutating func addStep(_ step: StepRecord) {
        if boundary.isRewind(step.step) {
            rewindCount += 1
            earliestRewindStep = min(earliestRewindStep ?? step.step, step.step)
            if let final = finalLoss, final.step >= step.step {
                finalLoss = nil
            }
            if let baseline = finalBaseline, baseline.step >= step.step {
                finalBaseline = nil
            }
        }

        stepCount += 1
        firstStep = min(firstStep ?? step.step, step.step)
        lastStep = step.step
        if firstTime == nil {
            firstTime = step.wallTime
        }
        lastTime = step.wallTime

        addLoss(step)
        addRewardAndBaseline(step)
        addGroups(step)
    }

    private mutating func addLoss(_ step: StepRecord) {
        guard step.loss.isFinite else {
            badValues.losses += 1
            return
        }

        finalLoss = StepValue(step: step.step, value: step.loss)
        if step.loss < bestLoss?.value ?? .infinity {
            bestLoss = StepValue(step: step.step, value: step.loss)
        }
    }

    private mutating func addRewardAndBaseline(_ step: StepRecord) {
        if let reward = step.reward, !reward.isFinite {
            badValues.rewards += 1
        }

        if let baseline = step.baseline {
            if baseline.isFinite {
                finalBaseline = StepValue(step: step.step, value: baseline)
            } else {
                badValues.rewards += 1
            }
        }
    }

    private mutating func addGroups(_ step: StepRecord) {
        if step.groups.count != groups.count {
            badValues.mismatchedSteps += 1
        }

        for index in 0..<min(step.groups.count, groups.count) {
            let group = step.groups[index]
            groups[index].add(
                scale: group.scale, clip: group.clip, dampen: group.dampen, gradientNorm: group.gradientNorm
            )
            badValues.knobs += [group.scale, group.clip, group.dampen].count { !$0.isFinite }
            if let norm = group.gradientNorm, !norm.isFinite {
                badValues.gradientNorms += 1
            }
        }
    }
}
