import OpOpTrace

/// Everything the dashboard shows about a run, built only from trace records.
///
/// A value type: pausing the display keeps a copy while the live copy goes on ingesting,
/// and the copy shares storage until the live copy next changes it. Memory is bounded
/// for any run length: each series keeps `recentCapacity` raw values and a whole-run
/// summary of `summaryCapacity` buckets (at most `groupRecentCapacity` and
/// `groupSummaryCapacity` for the series of a parameter group), and at most
/// `maximumMarkers` event markers are kept.
///
/// Steps normally increase. A step record at or before the latest step means the run
/// was resumed from an earlier checkpoint. The history from that step on (every series,
/// and the markers) is then removed before the record is added, so the screen shows the
/// run as it continues. `rewindCount` counts these.
public struct RunHistory: Sendable {
    /// The largest step accepted, 2^53, beyond which JSON numbers lose integer precision.
    public static let maximumStep = 1 << 53
    /// The number of parameter groups tracked. Further groups in a record are ignored.
    /// At the group capacities below, 256 groups use at most about 22 MB.
    public static let maximumGroups = 256
    public static let maximumMarkers = 1024
    /// The weight of the newest loss in the loss EMA, about a 50-step average.
    public static let emaWeight = 0.02
    /// Summary buckets of each group series. Group series feed sparklines only a few
    /// dozen cells wide, so they need fewer buckets than the run-level charts, and every
    /// frame scans them for each visible group.
    public static let groupSummaryCapacity = 128
    /// Raw values kept per group series: enough for the 1k-step window, the widest one a
    /// sparkline draws from raw values.
    public static let groupRecentCapacity = 1024

    public private(set) var header: TraceHeader?
    /// The header's group names, extended with "group N" when records carry more groups.
    public private(set) var groupNames: [String] = []

    /// Step records ingested, including those a later rewind replaced.
    public private(set) var stepCount = 0
    /// Step records whose loss was NaN or infinite.
    public private(set) var badLossCount = 0
    /// Step records with a NaN or infinite loss or gradient norm: the steps the brain did
    /// not learn from.
    public private(set) var badStepCount = 0
    public private(set) var brainUpdateCount = 0
    public private(set) var rewindCount = 0
    public private(set) var eventCounts: [EventRecord.Kind: Int] = [:]

    /// Records ignored because their step was out of range, and the reason for the
    /// latest thing ignored: such a record, or groups beyond `maximumGroups`.
    public private(set) var ignoredRecordCount = 0
    public private(set) var lastIgnoredReason: String?

    public private(set) var brainState: BrainState = .learning
    /// True after a `trainer_end` event, until the next `trainer_start` or header. A
    /// trainer that restarts in the same run directory writes a new header first.
    public private(set) var hasEnded = false

    public private(set) var firstStep: Int?
    public private(set) var latestStep: Int?
    /// The latest finite wall time of any record (a header's start time included), in
    /// seconds since the epoch: when the trainer last wrote to the trace.
    public private(set) var latestWallTime: Double?
    /// The loss of the latest step record, NaN or infinite when that step was bad.
    public private(set) var latestLoss: Double?
    /// The name of the evaluation metric charted, the first metric of the first evaluation.
    public private(set) var evaluationName: String?

    /// Freeze, unfreeze, reset, snapshot, error and bad value events, oldest first.
    public private(set) var markers: [EventMarker] = []
    /// The latest event other than a brain update, for the status line.
    public private(set) var lastEvent: EventRecord?

    let recentCapacity: Int
    let summaryCapacity: Int
    var loss: SeriesHistory
    var lossEMA: SeriesHistory
    var reward: SeriesHistory
    var baseline: SeriesHistory
    var evaluation: SeriesHistory
    var groups: [GroupSeries] = []
    var throughput = ThroughputMeter()
    private var firstWallTime: Double?
    private var endWallTime: Double?

    /// Creates an empty history. The defaults keep at most about 86 KB per run-level
    /// series and 86 KB per parameter group (its four series together).
    public init(recentCapacity: Int = 4096, summaryCapacity: Int = 512) {
        self.recentCapacity = max(1, recentCapacity)
        self.summaryCapacity = max(2, summaryCapacity)
        loss = SeriesHistory(recentCapacity: recentCapacity, summaryCapacity: summaryCapacity)
        lossEMA = loss
        reward = loss
        baseline = loss
        evaluation = loss
    }

    public var groupCount: Int { groupNames.count }

    /// Adds one trace record to the history.
    public mutating func ingest(_ record: TraceRecord) {
        defer { noteWallTime(record) }
        switch record {
        case .header(let header):
            ingest(header)
        case .step(let step):
            ingest(step)
        case .evaluation(let evaluation):
            ingest(evaluation)
        case .event(let event):
            ingest(event)
        }
    }

    private mutating func noteWallTime(_ record: TraceRecord) {
        let time: Double
        switch record {
        case .header(let header): time = header.startTime
        case .step(let step): time = step.wallTime
        case .evaluation(let evaluation): time = evaluation.wallTime
        case .event(let event): time = event.wallTime
        }
        if time.isFinite, time > (latestWallTime ?? -.infinity) {
            latestWallTime = time
        }
    }

    private mutating func ingest(_ newHeader: TraceHeader) {
        if let header, header.groupNames != newHeader.groupNames || header.runName != newHeader.runName {
            // A different run: keep nothing of the previous one.
            self = RunHistory(recentCapacity: recentCapacity, summaryCapacity: summaryCapacity)
        }
        header = newHeader
        hasEnded = false
        endWallTime = nil
        // A header starts a trainer, and a trainer starts with its brain learning, even
        // when the run it continues had frozen it.
        brainState = newHeader.brainSettings.isEmpty ? .absent : .learning

        var names = Array(newHeader.groupNames.prefix(Self.maximumGroups))
        if groupNames.count > names.count {
            names += groupNames[names.count...]
        }
        groupNames = names
    }

    private mutating func ingest(_ record: StepRecord) {
        guard accepts(step: record.step, kind: "step") else { return }

        if let latestStep, record.step <= latestStep {
            rewind(to: record.step)
        }
        stepCount += 1
        if !record.loss.isFinite || record.groups.contains(where: { $0.gradientNorm.map { !$0.isFinite } ?? false }) {
            badStepCount += 1
        }
        if firstStep == nil { firstStep = record.step }
        latestStep = record.step
        if firstWallTime == nil, record.wallTime.isFinite { firstWallTime = record.wallTime }
        throughput.record(step: record.step, wallTime: record.wallTime)

        addLoss(record.loss, step: record.step)
        if let value = record.reward { reward.append(step: record.step, value: value) }
        if let value = record.baseline { baseline.append(step: record.step, value: value) }
        addGroups(record.groups, step: record.step)
    }

    private mutating func addLoss(_ value: Double, step: Int) {
        latestLoss = value
        loss.append(step: step, value: value)
        guard value.isFinite else {
            badLossCount += 1
            return
        }

        let previous = lossEMA.latestValue ?? value
        lossEMA.append(step: step, value: previous + Self.emaWeight * (value - previous))
    }

    private mutating func addGroups(_ values: [GroupStep], step: Int) {
        let count = min(values.count, Self.maximumGroups)
        if values.count > count {
            lastIgnoredReason = "ignored \(values.count - count) of \(values.count) groups at step \(step): "
                + "the dashboard shows at most \(Self.maximumGroups) groups"
        }
        while groups.count < count {
            groups.append(GroupSeries(
                recentCapacity: min(recentCapacity, Self.groupRecentCapacity),
                summaryCapacity: min(summaryCapacity, Self.groupSummaryCapacity)
            ))
        }
        while groupNames.count < count {
            groupNames.append("group \(groupNames.count)")
        }
        for index in 0..<count {
            groups[index].append(values[index], step: step)
        }
    }

    private mutating func ingest(_ record: EvaluationRecord) {
        guard accepts(step: record.step, kind: "evaluation") else { return }

        if evaluationName == nil { evaluationName = record.metrics.first?.name }
        guard let metric = record.metrics.first(where: { $0.name == evaluationName }) else { return }
        evaluation.append(step: record.step, value: metric.value)
    }

    private mutating func ingest(_ record: EventRecord) {
        guard accepts(step: record.step, kind: "event") else { return }

        eventCounts[record.kind, default: 0] += 1
        switch record.kind {
        case .brainUpdate:
            brainUpdateCount += 1
            return
        case .freeze:
            brainState = .frozen
        case .unfreeze:
            brainState = .learning
        case .trainerStart:
            hasEnded = false
            endWallTime = nil
        case .trainerEnd:
            hasEnded = true
            endWallTime = record.wallTime.isFinite ? record.wallTime : nil
        case .reset, .snapshot, .badValue, .error, .note:
            break
        }

        if EventMarker.chartedKinds.contains(record.kind) {
            if markers.count >= Self.maximumMarkers {
                // NOTE: the oldest markers are dropped, so a very eventful run loses its
                // early markers from the whole-run chart.
                markers.removeFirst(markers.count - Self.maximumMarkers + 1)
            }
            markers.append(EventMarker(step: record.step, kind: record.kind, group: record.group))
        }
        lastEvent = record
    }

    /// Removes everything recorded at `step` or later, for a run resumed at `step`.
    private mutating func rewind(to step: Int) {
        rewindCount += 1
        loss.removeSteps(from: step)
        lossEMA.removeSteps(from: step)
        reward.removeSteps(from: step)
        baseline.removeSteps(from: step)
        evaluation.removeSteps(from: step)
        for index in groups.indices {
            groups[index].removeSteps(from: step)
        }
        markers.removeAll { $0.step >= step }
        throughput.reset()
        if let firstStep, step < firstStep { self.firstStep = step }
        latestStep = step - 1
    }

    private mutating func accepts(step: Int, kind: String) -> Bool {
        guard step < 0 || step > Self.maximumStep else { return true }

        ignoredRecordCount += 1
        lastIgnoredReason = "ignored \(kind) record with step \(step): steps must be between 0 and 2^53"
        return false
    }

    /// Returns the seconds from the header's start time (or the first step's wall time
    /// when there is no header) to `now`, or to the end of the run once it has ended.
    public func elapsedSeconds(now: Double) -> Double? {
        guard let start = header?.startTime ?? firstWallTime, start.isFinite else { return nil }

        let end = endWallTime ?? now
        guard end.isFinite else { return nil }
        return max(0, end - start)
    }

    /// Returns the step rate of the recent step records, or nil once the run has ended.
    /// `ThroughputMeter` describes how the rate is sampled.
    public func stepsPerSecond(now: Double) -> Double? {
        hasEnded ? nil : throughput.stepsPerSecond(now: now)
    }
}

extension EventMarker {
    /// The event kinds drawn on the charts.
    public static let chartedKinds: Set<EventRecord.Kind> = [.freeze, .unfreeze, .reset, .snapshot, .error, .badValue]
}

/// The four series of one parameter group.
struct GroupSeries: Sendable {
    var scale: SeriesHistory
    var clip: SeriesHistory
    var dampen: SeriesHistory
    var gradientNorm: SeriesHistory

    init(recentCapacity: Int, summaryCapacity: Int) {
        scale = SeriesHistory(recentCapacity: recentCapacity, summaryCapacity: summaryCapacity)
        clip = scale
        dampen = scale
        gradientNorm = scale
    }

    mutating func append(_ value: GroupStep, step: Int) {
        scale.append(step: step, value: value.scale)
        clip.append(step: step, value: value.clip)
        dampen.append(step: step, value: value.dampen)
        if let norm = value.gradientNorm {
            gradientNorm.append(step: step, value: norm)
        }
    }

    mutating func removeSteps(from step: Int) {
        scale.removeSteps(from: step)
        clip.removeSteps(from: step)
        dampen.removeSteps(from: step)
        gradientNorm.removeSteps(from: step)
    }
}
