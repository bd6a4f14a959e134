/// The settings of a `Brain`, checked by `Brain.init(configuration:)`.
///
/// The defaults suit small models trained with minibatches: a decision holds for 32 steps,
/// explores by about ±10% around its mean scale, and the policy updates every 160 steps.
public struct BrainConfiguration: Sendable, Equatable {
    /// One name per parameter group, in the order the optimizer passes the groups.
    public var groupNames: [String]

    /// Widths of the policy's hidden layers (ReLU), from the observation side.
    public var hiddenSizes: [Int] = [64, 32]

    /// Adam step size for the policy's own weights.
    public var learningRate: Float = 3e-2

    /// Rewarded decisions (windows) collected before each policy update (K).
    public var updateInterval: Int = 4

    /// Steps each decision is kept for. Its reward is the relative loss decrease over these
    /// steps, so a longer window averages out more of the minibatch noise.
    public var decisionWindow: Int = 32

    /// Standard deviation of the Gaussian noise added to every pre-activation, once per pair
    /// of windows. 0 turns exploration and therefore learning off: the brain then stays
    /// exactly neutral.
    public var explorationStd: Float = 0.1

    /// Whether the clip and dampen knobs are explored too. When false only the scale knob
    /// is, and the policy never moves the other two from neutral.
    public var exploresClipAndDampen = true

    /// Whether the scale knob explores below the policy's mean only: one window of each
    /// pair runs at the mean and the other below it by twice the noise, so exploration
    /// never takes a larger step than the policy chose.
    public var exploresScaleDownward = false

    /// Antithetic pairs of windows between two neutral probe windows of the guard, which
    /// resets the policy to neutral when it is losing to them. 0 turns the guard off.
    public var guardProbeInterval: Int = 2

    /// When a window's latest 3 losses all exceed this multiple of the previous window's
    /// mean loss, the policy is reset to neutral at once. Infinity turns it off.
    public var surgeRatio: Double = 3

    /// Decay of the running means and variances that standardize the observation, per decision.
    public var featureNormalizationDecay: Double = 0.99

    /// Seeds the hidden-layer weights and the exploration noise.
    public var seed: UInt64 = 0

    /// Decay of the exponential moving average of window rewards shown as the baseline.
    public var baselineDecay: Double = 0.95

    /// The policy gradient is rescaled to at most this global L2 norm before each update.
    public var gradientClipNorm: Float = 1

    /// Strength β of the pull back to neutral: each update also minimises β times the KL
    /// divergence from the policy to the neutral one, β·μ²/(2σ²) per output. Rewards that
    /// are mostly noise, as minibatch losses are late in training, then leave the knobs
    /// near neutral instead of letting them wander. A consistent reward still moves them.
    /// 0 turns the pull off.
    public var neutralPull: Float = 0.1

    /// Number of recent finite losses the loss features are computed from.
    public var lossWindow: Int = 32

    /// Number of recent gradients per group the direction and trend features are computed from.
    public var gradientWindow: Int = 16

    /// Decay of the per-group moving mean and variance of log‖g‖ that clipping measures against.
    public var normStatisticsDecay: Double = 0.95

    /// Finite gradients a group must have recorded before clipping may fire for it.
    public var clipWarmupSteps: Int = 5

    /// Z0 in z_max = Z0·c/(1 − c): the allowed z-score of log‖g‖ at clip knob c = 0.5.
    public var clipBaseZScore: Double = 2

    public init(groupNames: [String]) {
        self.groupNames = groupNames
    }

    /// The settings by name, for the trace header. Group names are not included.
    public var settings: [String: Double] {
        var result: [String: Double] = [
            "groups": Double(groupNames.count),
            "learning_rate": Double(decimalText: learningRate),
            "update_interval": Double(updateInterval),
            "decision_window": Double(decisionWindow),
            "exploration_std": Double(decimalText: explorationStd),
            "guard_probe_interval": Double(guardProbeInterval),
            "explores_clip_and_dampen": exploresClipAndDampen ? 1 : 0,
            "explores_scale_downward": exploresScaleDownward ? 1 : 0,
            "feature_normalization_decay": featureNormalizationDecay,
            "surge_ratio": surgeRatio,
            // NOTE: a seed above 2^53 loses its low bits as a Double.
            "seed": Double(seed),
            "baseline_decay": baselineDecay,
            "gradient_clip_norm": Double(decimalText: gradientClipNorm),
            "neutral_pull": Double(decimalText: neutralPull),
            "loss_window": Double(lossWindow),
            "gradient_window": Double(gradientWindow),
            "norm_statistics_decay": normStatisticsDecay,
            "clip_warmup_steps": Double(clipWarmupSteps),
            "clip_base_z_score": clipBaseZScore,
        ]
        for (index, width) in hiddenSizes.enumerated() {
            result["hidden_\(index + 1)"] = Double(width)
        }
        return result
    }

    /// Throws `BrainError.invalidConfiguration` naming the first setting out of range.
    func validate() throws {
        func reject(_ setting: String, _ value: CustomStringConvertible, _ expected: String) -> BrainError {
            .invalidConfiguration(setting: setting, value: value.description, expected: expected)
        }

        if groupNames.isEmpty {
            throw reject("groupNames", "[]", "at least one group name")
        }
        if hiddenSizes.isEmpty || hiddenSizes.count > 4 {
            throw reject("hiddenSizes", hiddenSizes, "1 to 4 hidden layer widths")
        }
        for width in hiddenSizes where !(1...4096).contains(width) {
            throw reject("hiddenSizes", hiddenSizes, "every width in 1...4096")
        }
        if !(learningRate.isFinite && learningRate > 0) {
            throw reject("learningRate", learningRate, "a finite number greater than 0")
        }
        if !(1...65536).contains(updateInterval) {
            throw reject("updateInterval", updateInterval, "a whole number of steps in 1...65536")
        }
        if !(1...4096).contains(decisionWindow) {
            throw reject("decisionWindow", decisionWindow, "a whole number of steps in 1...4096")
        }
        if !(0...1000).contains(guardProbeInterval) {
            throw reject("guardProbeInterval", guardProbeInterval, "a whole number of pairs in 0...1000 (0 turns the guard off)")
        }
        if !(surgeRatio > 1) {
            throw reject("surgeRatio", surgeRatio, "a number greater than 1 (infinity turns the reset off)")
        }
        if !(featureNormalizationDecay > 0 && featureNormalizationDecay < 1) {
            throw reject("featureNormalizationDecay", featureNormalizationDecay, "a number in the open interval (0, 1)")
        }
        if !(explorationStd.isFinite && explorationStd >= 0 && explorationStd <= 10) {
            throw reject("explorationStd", explorationStd, "a number in 0...10 (0 turns exploration off)")
        }
        if !(baselineDecay >= 0 && baselineDecay < 1) {
            throw reject("baselineDecay", baselineDecay, "a number in 0..<1")
        }
        if !(neutralPull.isFinite && neutralPull >= 0) {
            throw reject("neutralPull", neutralPull, "a finite number of at least 0 (0 turns the pull off)")
        }
        if !(gradientClipNorm.isFinite && gradientClipNorm > 0) {
            throw reject("gradientClipNorm", gradientClipNorm, "a finite number greater than 0")
        }
        if !(2...4096).contains(lossWindow) {
            throw reject("lossWindow", lossWindow, "a whole number of steps in 2...4096")
        }
        if !(2...4096).contains(gradientWindow) {
            throw reject("gradientWindow", gradientWindow, "a whole number of steps in 2...4096")
        }
        if !(normStatisticsDecay > 0 && normStatisticsDecay < 1) {
            throw reject("normStatisticsDecay", normStatisticsDecay, "a number in the open interval (0, 1)")
        }
        if !(0...100_000).contains(clipWarmupSteps) {
            throw reject("clipWarmupSteps", clipWarmupSteps, "a whole number of steps in 0...100000")
        }
        if !(clipBaseZScore.isFinite && clipBaseZScore > 0) {
            throw reject("clipBaseZScore", clipBaseZScore, "a finite number greater than 0")
        }
    }
}
