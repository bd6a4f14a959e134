/// Works out the `RunState` of a watched run from what the viewer has seen: records,
/// answers to `ping` on the control socket, and the exit of a trainer it started.
///
/// A pure value: the caller passes every time in, in seconds since 1970-01-01 UTC, so
/// tests need no clock. The rules, in order:
///
/// 1. A trainer process started by the viewer that has exited ends the run.
/// 2. A `trainer_end` event since the last header ends the run (`historyHasEnded`).
/// 3. A socket that refuses connections ends the run, unless a record newer than the
///    refusal has arrived since (a trainer restarted in the same directory).
/// 4. Activity within `staleSeconds` is live: a record's wall time, or a `ping` that
///    the trainer answered, so a slow trainer that still answers counts as live.
/// 5. Otherwise the run is stale, for the time since the latest activity.
public struct RunStateTracker: Sendable, Equatable {
    /// Seconds without activity after which a run counts as stale. A trainer writes
    /// its trace at least every half second while it trains, so five seconds of
    /// silence means it is stuck, paused or dead, yet a slow evaluation does not make
    /// the badge flicker.
    public static let defaultStaleSeconds = 5.0

    /// The answer to a liveness check on the control socket.
    public enum PingResult: Sendable, Equatable {
        /// The trainer answered.
        case alive
        /// The socket file exists but refuses connections: its trainer died.
        case gone
        /// No answer that says anything: no socket (a read-only run), or a timeout.
        case unknown
    }

    public var staleSeconds: Double
    /// The latest time the trainer was seen at work.
    public private(set) var lastActivity: Double
    /// When a ping found the socket refusing connections, until newer activity.
    public private(set) var goneSince: Double?
    /// How the trainer process started by the viewer ended, once it has.
    public private(set) var processEnding: String?

    /// Creates a tracker for a viewer that starts at `now`. Until a record or a ping
    /// shows activity, silence is counted from `now`.
    public init(now: Double, staleSeconds: Double = defaultStaleSeconds) {
        self.staleSeconds = staleSeconds
        self.lastActivity = now
    }

    /// Notes records that arrived at `now` while following the trace.
    public mutating func noteRecords(receivedAt now: Double) {
        lastActivity = max(lastActivity, now)
        if let goneSince, now > goneSince {
            self.goneSince = nil
        }
    }

    /// Notes the first pass over an existing trace: silence counts from its latest
    /// record rather than from when the viewer started.
    public mutating func finishCatchingUp(latestWallTime: Double?, now: Double) {
        guard let latestWallTime, latestWallTime.isFinite else { return }
        lastActivity = min(latestWallTime, now)
    }

    public mutating func notePing(_ result: PingResult, at now: Double) {
        switch result {
        case .alive:
            lastActivity = max(lastActivity, now)
            goneSince = nil
        case .gone:
            if goneSince == nil { goneSince = now }
        case .unknown:
            break
        }
    }

    /// Notes that the trainer process the viewer started has exited; `ending` is shown
    /// in the badge, for example "exit status 0".
    public mutating func noteProcessExit(_ ending: String) {
        processEnding = ending
    }

    /// Returns the state at `now`.
    public func state(now: Double, historyHasEnded: Bool) -> RunState {
        if let processEnding {
            return .ended(detail: processEnding)
        }
        if historyHasEnded {
            return .ended(detail: nil)
        }
        if goneSince != nil {
            return .ended(detail: "the trainer is gone")
        }

        let silence = max(0, now - lastActivity)
        return silence <= staleSeconds ? .live : .stale(seconds: silence)
    }
}
