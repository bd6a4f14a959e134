/// What a replay adds to the status line and the bottom line.
public struct ReplayStatus: Sendable, Equatable {
    /// The last step of the trace read so far; the position is the history's latest step.
    public var lastStep: Int?
    /// The run's wall time at the position, formatted by the app, such as
    /// "2026-12-04 10:31:05".
    public var wallTime: String?
    /// The speed, such as "1/2x" or "4x".
    public var speed: String
    public var isPlaying: Bool
    /// How much of the trace has been read, from 0 to 100, or nil once all of it has.
    public var readPercent: Int?
    /// The text typed after `g`, or nil when no go-to prompt is open.
    public var prompt: String?

    public init(
        lastStep: Int? = nil, wallTime: String? = nil, speed: String = "1x", isPlaying: Bool = false,
        readPercent: Int? = nil, prompt: String? = nil
    ) {
        self.lastStep = lastStep
        self.wallTime = wallTime
        self.speed = speed
        self.isPlaying = isPlaying
        self.readPercent = readPercent
        self.prompt = prompt
    }
}
