/// Turns parsed opop log lines into trace records, starting with a synthesized header.
///
/// The header needs the group names, which only a progress line shows. Records of
/// other lines that come before the first progress line therefore wait until it
/// arrives, or until the end of a finished file.
struct OpopLogRecordBuilder {
    /// The `workload` of the synthesized header.
    static let workload = "opop log"
    /// The `optimizer` of the synthesized header: the log does not name the base optimizer.
    static let optimizer = "unknown"
    /// The only brain setting of a log with brain fields: the number of groups the
    /// brain reported. It keeps `brain_settings` non-empty, which marks a run with a brain.
    static let groupCountSetting = "logged_groups"

    let runName: String
    private(set) var header: TraceHeader?
    /// Records waiting for the header.
    private var pending: [TraceRecord] = []
    /// The step of the latest progress line, used for the lines that carry no step.
    private var latestStep = 0
    /// Brain decisions dropped because their group was not in the first brain section.
    private(set) var droppedDecisionCount = 0

    init(runName: String) {
        self.runName = runName
    }

    /// Forgets everything, for a file that was truncated or replaced.
    mutating func reset() {
        self = OpopLogRecordBuilder(runName: runName)
    }

    mutating func add(_ line: OpopLogLine, wallTime: Double, into records: inout [TraceRecord]) {
        switch line {
        case .progress(let progress):
            if header == nil {
                startRun(groups: progress.groups.map(\.group), wallTime: wallTime, into: &records)
            }
            latestStep = progress.step
            records.append(.step(stepRecord(progress, wallTime: wallTime)))

        case .evaluation(let metrics):
            emit(.evaluation(EvaluationRecord(step: latestStep, wallTime: wallTime, metrics: metrics)), into: &records)

        case .checkpoint(let path):
            emit(.event(EventRecord(
                step: latestStep, wallTime: wallTime, kind: .snapshot, path: path,
                message: "checkpoint saved to \(path)"
            )), into: &records)

        case .control(let change):
            emit(.event(EventRecord(step: latestStep, wallTime: wallTime, kind: .note, message: change.message)), into: &records)

        case .other, .unreadable:
            break
        }
    }

    /// Appends the waiting records, behind a header without groups, once the file has
    /// ended without a progress line.
    mutating func finish(wallTime: Double, into records: inout [TraceRecord]) {
        guard header == nil, !pending.isEmpty else {
            return
        }
        startRun(groups: [], wallTime: wallTime, into: &records)
    }

    private mutating func emit(_ record: TraceRecord, into records: inout [TraceRecord]) {
        if header == nil {
            pending.append(record)
        } else {
            records.append(record)
        }
    }

    private mutating func startRun(groups: [String], wallTime: Double, into records: inout [TraceRecord]) {
        let started = TraceHeader(
            runName: runName,
            workload: Self.workload,
            groupNames: groups,
            optimizer: Self.optimizer,
            optimizerSettings: [:],
            brainSettings: groups.isEmpty ? [:] : [Self.groupCountSetting: Double(groups.count)],
            startTime: wallTime
        )
        header = started
        records.append(.header(started))
        records.append(contentsOf: pending)
        pending.removeAll()
    }

    /// Builds the step record in the header's group order. The log shows no clip,
    /// dampen or gradient norm, so clip and dampen take their neutral values (1 and 0)
    /// and the gradient norm is left out. A group missing from this line gets a NaN scale.
    private mutating func stepRecord(_ progress: OpopProgress, wallTime: Double) -> StepRecord {
        let names = header?.groupNames ?? []
        let groups = names.map { name in
            let scale = progress.groups.first(where: { $0.group == name })?.scale ?? .nan
            return GroupStep(scale: scale, clip: 1, dampen: 0, gradientNorm: nil)
        }
        droppedDecisionCount += progress.groups.filter { !names.contains($0.group) }.count

        return StepRecord(
            step: progress.step, wallTime: wallTime, loss: progress.loss,
            reward: progress.reward, baseline: nil, groups: groups
        )
    }
}
