import Foundation

/// The shape of the learning rate over a run.
public enum ScheduleKind: String, Sendable, Codable {
    /// The peak rate at every step.
    case constant
    /// A linear warmup over the first 5% of the steps, then a cosine decay towards 0.
    case warmupCosine = "warmup-cosine"

    /// The share of the steps spent warming up in `warmupCosine`.
    public static let warmupFraction = 0.05

    /// Returns the factor on the peak rate at step `step` (0-based) of `steps`.
    ///
    /// The warmup gives (step + 1)/w at the steps before w = max(1, round(0.05·steps)), so
    /// the first step already moves. The decay gives ½·(1 + cos(π·(step − w)/(steps − w))),
    /// which is 1 at step w and stays above 0 up to the last step, because a rate of 0 is
    /// not a valid optimizer setting.
    public func factor(step: Int, of steps: Int) -> Double {
        switch self {
        case .constant:
            return 1
        case .warmupCosine:
            let warmup = max(1, Int((Self.warmupFraction * Double(steps)).rounded()))
            if step < warmup {
                return Double(step + 1) / Double(warmup)
            }
            let progress = Double(step - warmup) / Double(max(1, steps - warmup))
            return 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
