import Foundation

/// The brain's decision for one parameter group at one step.
///
/// Each knob has its own effect inside `BrainOptimizer.step`:
/// - `scale` multiplies the group's update Δ after the base optimizer computed it, so it
///   changes the step size of SGD and Adam alike. Range 0.01...10, neutral 1.
/// - `clip` sets how hard the group's gradient norm is clipped against the group's own
///   recent norms (see `Brain.normCeiling(group:)`). Range 0.1...5. Every value of 1 or
///   more turns clipping off, and smaller values clip harder.
/// - `dampen` is the weight of the previous update in a low-pass filter across steps:
///   ū_t = (1 − dampen)·u_t + dampen·ū_{t−1}. Range 0...1, neutral 0 (the update passes
///   through untouched).
public struct Knobs: Sendable, Equatable {
    public var scale: Float
    public var clip: Float
    public var dampen: Float

    public init(scale: Float, clip: Float, dampen: Float) {
        self.scale = scale
        self.clip = clip
        self.dampen = dampen
    }

    /// The knobs that leave the base optimizer's step exactly as it is.
    public static let neutral = Knobs(scale: 1, clip: 1, dampen: 0)

    public static let scaleRange: ClosedRange<Float> = 0.01...10
    public static let clipRange: ClosedRange<Float> = 0.1...5
    public static let dampenRange: ClosedRange<Float> = 0...1

    /// Maps the policy's three pre-activations for one group to knobs.
    ///
    /// scale = exp(a) and clip = exp(b), each clamped to its range, and
    /// dampen = tanh(max(0, x)). A pre-activation of 0 gives exactly `neutral`.
    /// A NaN pre-activation gives that knob's neutral value, so the result is always finite.
    public init(preActivations a: Float, _ b: Float, _ x: Float) {
        scale = Knobs.exponential(a, range: Knobs.scaleRange)
        clip = Knobs.exponential(b, range: Knobs.clipRange)

        if x.isNaN || x <= 0 {
            dampen = 0
        } else {
            dampen = min(max(tanh(x), 0), 1)
        }
    }

    /// Returns exp(value) clamped to `range`. The exponent is clamped first so that it
    /// cannot overflow, and exp(0) is exactly 1.
    private static func exponential(_ value: Float, range: ClosedRange<Float>) -> Float {
        guard !value.isNaN else { return 1 }

        let exponent = min(max(value, log(range.lowerBound)), log(range.upperBound))
        return min(max(exp(exponent), range.lowerBound), range.upperBound)
    }
}
