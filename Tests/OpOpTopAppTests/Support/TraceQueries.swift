import OpOpTrace

/// Lookups on a list of trace records, so tests read as statements about the run.
extension Array where Element == TraceRecord {
    var header: TraceHeader? {
        for record in self {
            if case .header(let header) = record { return header }
        }
        return nil
    }

    var steps: [StepRecord] {
        compactMap { record in
            if case .step(let step) = record { return step }
            return nil
        }
    }

    var evaluations: [EvaluationRecord] {
        compactMap { record in
            if case .evaluation(let evaluation) = record { return evaluation }
            return nil
        }
    }

    var events: [EventRecord] {
        compactMap { record in
            if case .event(let event) = record { return event }
            return nil
        }
    }

    func events(_ kind: EventRecord.Kind) -> [EventRecord] {
        events.filter { $0.kind == kind }
    }

    /// Returns the step record of step `number`, or nil when the trace has none.
    func step(_ number: Int) -> StepRecord? {
        steps.first { $0.step == number }
    }
}

extension GroupStep {
    /// The three knobs alone, without the gradient norm, for comparing decisions.
    var knobs: [Double] {
        [scale, clip, dampen]
    }
}

extension StepRecord {
    var knobs: [[Double]] {
        groups.map(\.knobs)
    }
}
