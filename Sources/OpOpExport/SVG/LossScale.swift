/// The scale of the loss panel: logarithmic, linear, or chosen from the losses.
public enum LossScale: Sendable, Equatable {
    /// A base-10 log scale when more than half of the finite losses are above zero,
    /// otherwise linear.
    case automatic
    /// A base-10 log scale whenever any finite loss is above zero. Losses at or below
    /// zero are marked at the bottom edge.
    case log
    /// A linear scale.
    case linear

    /// Returns whether the loss panel uses a log scale, given the finite losses of all runs.
    func usesLogarithm(finiteCount: Int, nonPositiveCount: Int) -> Bool {
        let positiveCount = finiteCount - nonPositiveCount
        switch self {
        case .automatic: return positiveCount > 0 && positiveCount * 2 > finiteCount
        case .log: return positiveCount > 0
        case .linear: return false
        }
    }
}
