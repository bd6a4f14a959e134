import OpOpDashboard
import OpOpTrace

/// The series and event markers of one run, downsampled for a chart as records arrive.
///
/// Memory is bounded: each series keeps at most `DownsampledSeries.defaultMaxBuckets`
/// buckets, and at most `maxMarkers` event markers are kept (later ones are counted in
/// `omittedMarkerCount`). Header and rewind rules are those of `RunDigest`, except that
/// a step that goes back removes the chart's buckets and markers from that step on, as
/// the dashboard does.
public struct RunChartData: Sendable {
    /// An event drawn as a vertical tick.
    public struct Marker: Sendable, Equatable {
        public var step: Int
        public var kind: EventRecord.Kind
        public var group: String?
    }

    /// The knob series of one parameter group.
    public struct GroupSeries: Sendable {
        public let name: String
        public var scale = DownsampledSeries()
        public var clip = DownsampledSeries()
        public var dampen = DownsampledSeries()

        init(name: String) {
            self.name = name
        }
    }

    /// The event kinds that get markers: the ones a person or a script triggers.
    public static let markedKinds: [EventRecord.Kind] = [.freeze, .unfreeze, .reset, .snapshot]
    public static let maxMarkers = 1_000

    public private(set) var header: TraceHeader?
    public private(set) var loss = DownsampledSeries()
    /// The exponential moving average of the finite losses, with the dashboard's weight
    /// `RunHistory.emaWeight` on the newest loss.
    public private(set) var lossAverage = DownsampledSeries()
    /// The values of `evaluationName` from the evaluation records.
    public private(set) var evaluation = DownsampledSeries()
    /// The first metric of the first evaluation record, such as "accuracy"; the
    /// dashboard charts the same one.
    public private(set) var evaluationName: String?
    public private(set) var reward = DownsampledSeries()
    public private(set) var baseline = DownsampledSeries()
    public private(set) var groups: [GroupSeries] = []
    public private(set) var markers: [Marker] = []
    public private(set) var omittedMarkerCount = 0
    public private(set) var firstStep: Int?
    public private(set) var lastStep: Int?
    /// Finite losses seen, and how many of them were zero or below; a log-scale chart
    /// uses them to decide whether most losses can be drawn.
    ///
    /// NOTE: both counts include steps that a step going back replaced, because the
    /// buckets do not keep single values to subtract.
    public private(set) var finiteLossCount = 0
    public private(set) var nonPositiveLossCount = 0

    private var boundary = RunBoundary()
    private var latestAverage: Double?

    public init() {}

    public mutating func add(_ record: TraceRecord) {
        switch record {
        case .header(let newHeader):
            if boundary.classify(newHeader) == .startsOver {
                self = RunChartData()
                _ = boundary.classify(newHeader)
            }
            header = newHeader
            if groups.map(\.name) != newHeader.groupNames {
                groups = newHeader.groupNames.map(GroupSeries.init(name:))
            }
        case .step(let step):
            guard header != nil else { return }
            addStep(step)
        case .event(let event):
            guard header != nil, Self.markedKinds.contains(event.kind) else { return }
            guard markers.count < Self.maxMarkers else {
                omittedMarkerCount += 1
                return
            }
            markers.append(Marker(step: event.step, kind: event.kind, group: event.group))
        case .evaluation(let record):
            guard header != nil else { return }
            addEvaluation(record)
        }
    }

    private mutating func addStep(_ step: StepRecord) {
        let number = step.step
        if boundary.isRewind(number) {
            forget(from: number)
        }

        firstStep = min(firstStep ?? number, number)
        lastStep = number
        loss.add(step: number, value: step.loss)
        if step.loss.isFinite {
            finiteLossCount += 1
            if step.loss <= 0 { nonPositiveLossCount += 1 }
            let previous = latestAverage ?? step.loss
            latestAverage = previous + RunHistory.emaWeight * (step.loss - previous)
            lossAverage.add(step: number, value: latestAverage ?? step.loss)
        }
        if let reward = step.reward {
            self.reward.add(step: number, value: reward)
        } else {
            self.reward.addMissing(step: number)
        }
        if let baseline = step.baseline {
            self.baseline.add(step: number, value: baseline)
        } else {
            self.baseline.addMissing(step: number)
        }
        for index in 0..<min(step.groups.count, groups.count) {
            let group = step.groups[index]
            groups[index].scale.add(step: number, value: group.scale)
            groups[index].clip.add(step: number, value: group.clip)
            groups[index].dampen.add(step: number, value: group.dampen)
        }
    }

    /// Adds an evaluation. A step record that goes back removes later evaluations, but an
    /// evaluation does not rewind the run, because it follows the step it evaluates.
    private mutating func addEvaluation(_ record: EvaluationRecord) {
        if evaluationName == nil {
            evaluationName = record.metrics.first?.name
        }
        guard let metric = record.metrics.first(where: { $0.name == evaluationName }) else { return }
        evaluation.add(step: record.step, value: metric.value)
    }

    private mutating func forget(from step: Int) {
        loss.forget(from: step)
        lossAverage.forget(from: step)
        evaluation.forget(from: step)
        latestAverage = lossAverage.buckets.last.flatMap(Self.latestValue)
        reward.forget(from: step)
        baseline.forget(from: step)
        for index in groups.indices {
            groups[index].scale.forget(from: step)
            groups[index].clip.forget(from: step)
            groups[index].dampen.forget(from: step)
        }
        markers.removeAll { $0.step >= step }
    }

    /// Returns the value at the later of a bucket's two extreme steps, which is the
    /// bucket's last value while buckets are one step wide.
    private static func latestValue(_ bucket: DownsampledSeries.Bucket) -> Double? {
        guard let minimum = bucket.minimum, let maximum = bucket.maximum else { return nil }
        return minimum.step >= maximum.step ? minimum.value : maximum.value
    }
}
