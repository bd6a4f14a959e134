/// The numbers of bad values in a run: NaN or infinite numbers, and lines that did not decode.
public struct BadValueCounts: Sendable, Equatable {
    /// Steps whose loss is NaN or infinite.
    public var losses = 0
    /// NaN or infinite rewards and baselines.
    public var rewards = 0
    /// NaN or infinite gradient norms, over all groups.
    public var gradientNorms = 0
    /// NaN or infinite scale, clip and dampen values, over all groups.
    public var knobs = 0
    /// Step records whose number of groups differs from the header's.
    public var mismatchedSteps = 0
    /// Trace lines that did not decode, as the trace reader counted them.
    public var corruptLines = 0

    public init() {}

    public var total: Int {
        losses + rewards + gradientNorms + knobs + mismatchedSteps + corruptLines
    }
}
