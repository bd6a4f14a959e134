import OpOpTrace

/// The effect of a header on the records read before it, by the trace format's rules.
enum HeaderEffect: Equatable {
    /// The first header of the trace.
    case first
    /// A restarted trainer with the same run name and groups: keep everything.
    case continues
    /// Another run name or other groups: forget everything read before.
    case startsOver
}

/// Classifies headers and steps, so every consumer applies the same format rules.
struct RunBoundary: Sendable {
    private(set) var header: TraceHeader?
    /// The latest step number read since the run started over, or nil before any step.
    private(set) var latestStep: Int?

    mutating func classify(_ newHeader: TraceHeader) -> HeaderEffect {
        defer { header = newHeader }

        guard let header else {
            return .first
        }
        if header.runName == newHeader.runName, header.groupNames == newHeader.groupNames {
            return .continues
        }
        latestStep = nil
        return .startsOver
    }

    /// Returns true when `step` is at or before the latest step read, because it then
    /// replaces the history from that step on. Records `step` as the latest either way.
    mutating func isRewind(_ step: Int) -> Bool {
        defer { latestStep = step }
        guard let latestStep else { return false }
        return step <= latestStep
    }
}
