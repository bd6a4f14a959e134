/// The replay clock: whether playback runs, how fast, and how much of the run's own
/// wall time may be shown since the previous frame.
///
/// Time comes in only through `tick(now:)`, so tests drive it with any clock. Each
/// frame, the session calls `tick(now:)`, then offers the run's records in order with
/// `admit(gap:)` until one is refused. A record's gap is the run's wall time since the
/// previous record, from `cappedGap(from:to:)`: never negative, and never more than
/// `maximumGap`, so a paused trainer or a clock step plays as a short pause.
public struct Playback: Sendable, Equatable {
    /// The slowest and fastest speeds, as powers of two: 1/4x to 64x.
    public static let speedExponents = -2...6
    /// The longest stretch of run time between two records that playback waits
    /// through, in seconds. Longer gaps (a stopped trainer, a clock step) play as this.
    public static let maximumGap = 1.0
    /// The longest wall-clock time one tick counts, in seconds. A process stopped with
    /// Ctrl-Z or a slow frame does not jump the replay forwards when it resumes.
    public static let maximumTick = 1.0

    public private(set) var isPlaying = false
    /// The speed as a power of two, within `speedExponents`.
    public private(set) var speedExponent = 0
    private var lastTick: Double?
    /// Run time, in seconds, that may still be played before the next tick.
    private(set) var credit = 0.0

    public init() {}

    /// The speed as a factor of the run's own pace.
    public var speed: Double {
        speedExponent >= 0 ? Double(1 << speedExponent) : 1 / Double(1 << -speedExponent)
    }

    /// The speed for the status line: "1/4x", "1/2x", "1x" up to "64x".
    public var speedLabel: String {
        speedExponent >= 0 ? "\(1 << speedExponent)x" : "1/\(1 << -speedExponent)x"
    }

    /// Starts playing from `now`, or pauses.
    public mutating func togglePlaying(now: Double) {
        if isPlaying {
            pause()
        } else {
            play(now: now)
        }
    }

    public mutating func play(now: Double) {
        isPlaying = true
        lastTick = now
        credit = 0
    }

    public mutating func pause() {
        isPlaying = false
        lastTick = nil
        credit = 0
    }

    /// Doubles the speed, up to 64x.
    public mutating func faster() {
        speedExponent = min(speedExponent + 1, Self.speedExponents.upperBound)
    }

    /// Halves the speed, down to 1/4x.
    public mutating func slower() {
        speedExponent = max(speedExponent - 1, Self.speedExponents.lowerBound)
    }

    /// Adds the run time that the wall-clock time since the previous tick allows.
    ///
    /// A clock that goes backwards adds nothing, and at most `maximumTick` seconds
    /// count. Unused time carries over only up to `maximumGap`, enough for the next
    /// record, so playback that falls behind slows down instead of racing to catch up.
    public mutating func tick(now: Double) {
        guard isPlaying else { return }
        guard let lastTick, now.isFinite, lastTick.isFinite else {
            self.lastTick = now.isFinite ? now : nil
            return
        }

        let elapsed = min(max(0, now - lastTick), Self.maximumTick)
        let added = elapsed * speed
        credit = min(credit + added, added + Self.maximumGap)
        self.lastTick = max(lastTick, now)
    }

    /// Takes `gap` seconds of run time for the next record and returns true, or returns
    /// false when the credit does not cover it yet. Always false while paused.
    public mutating func admit(gap: Double) -> Bool {
        guard isPlaying else { return false }

        let gap = gap.isFinite ? min(max(0, gap), Self.maximumGap) : 0
        guard gap <= credit else { return false }
        credit -= gap
        return true
    }

    /// Pauses at the end of the run.
    public mutating func reachEnd() {
        pause()
    }

    /// Forgets the credit, after a seek, so playback resumes from the new position at
    /// the normal pace.
    public mutating func restart(now: Double) {
        credit = 0
        if isPlaying { lastTick = now }
    }

    /// Returns the run time to wait between records written at `previous` and `next`
    /// (seconds since the epoch): 0 for the first record, a non-finite time or a clock
    /// that went backwards, and at most `maximumGap`.
    public static func cappedGap(from previous: Double?, to next: Double) -> Double {
        guard let previous, previous.isFinite, next.isFinite else { return 0 }
        return min(max(0, next - previous), maximumGap)
    }
}
