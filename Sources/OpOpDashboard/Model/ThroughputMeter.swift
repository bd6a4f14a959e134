/// Steps per second from the wall times of recent step records.
///
/// Samples are taken at most every `sampleInterval` seconds and kept for `horizon`
/// seconds, so the rate follows changes within about ten seconds at any step rate and
/// the sample buffer stays small.
struct ThroughputMeter: Sendable {
    static let sampleInterval = 0.05
    static let horizon = 10.0

    private var samples: [(step: Int, wallTime: Double)] = []
    private(set) var latest: (step: Int, wallTime: Double)?

    mutating func record(step: Int, wallTime: Double) {
        guard wallTime.isFinite else { return }

        if let latest, wallTime < latest.wallTime || step < latest.step {
            // The clock or the steps went backwards, so earlier samples no longer apply.
            reset()
        }
        latest = (step, wallTime)

        if let last = samples.last, wallTime - last.wallTime < Self.sampleInterval {
            return
        }
        samples.append((step, wallTime))

        let cutoff = wallTime - Self.horizon
        let expired = samples.prefix { $0.wallTime < cutoff }.count
        if expired > 0 && expired < samples.count {
            samples.removeFirst(expired)
        }
    }

    mutating func reset() {
        samples.removeAll(keepingCapacity: true)
        latest = nil
    }

    /// Returns the step rate over the samples, or nil before two samples exist.
    ///
    /// When no record arrived for longer than the horizon, the rate is taken up to `now`
    /// instead, so a stalled run shows a falling rate rather than its last one.
    func stepsPerSecond(now: Double) -> Double? {
        guard let latest, let oldest = samples.first else { return nil }

        var end = latest.wallTime
        if now.isFinite, now - latest.wallTime > Self.horizon {
            end = now
        }
        let seconds = end - oldest.wallTime
        guard seconds > 0 else { return nil }
        return Double(latest.step - oldest.step) / seconds
    }
}
