/// The learned controller: observes the loss and each group's gradients, and decides the
/// knobs (scale, clip, dampen) of every parameter group at every step.
///
/// A step is `decide(loss:)`, then `recordGradient(group:gradient:)` for each group, then
/// `finishStep()`. `BrainOptimizer` runs that sequence around a base optimizer, and a caller
/// with its own update loop can run it directly.
///
/// The brain starts exactly neutral because its last layer is zero. It learns online by
/// REINFORCE, rewarding each decision by the relative loss change it led to. It never
/// learns from a non-finite loss or gradient.
///
/// Not thread-safe: one thread owns a brain.
public final class Brain {
    public let configuration: BrainConfiguration

    /// Rewards are relative loss changes clamped to this range, so one spike cannot dominate a batch.
    public static let rewardLimit = 5.0

    var learner: PolicyLearner
    var lossObserver: LossObserver
    var groupObservers: [GroupObserver]
    /// Seed of the exploration noise. The noise of step t is a function of this seed and t only.
    var explorationSeed: UInt64

    var observation: [Float]
    var means: [Float]
    var action: [Float]
    var pendingObservation: [Float]
    var pendingAction: [Float]
    /// Whether the latest decision will be credited with the next loss change.
    var hasPendingDecision = false

    var knobs: [Knobs]
    var meanKnobs: [Knobs]
    /// Norm ceilings of the latest decision, where infinity means no clipping.
    var ceilings: [Float]

    /// The latest finite loss, or nil after a non-finite one.
    var previousLoss: Double?
    var lastReward: Double?
    var stepCount = 0
    var badStepCount = 0
    var isStepOpen = false
    var isStepBad = false
    var didUpdateThisStep = false

    public internal(set) var isFrozen = false

    /// Creates a neutral brain. Throws `BrainError.invalidConfiguration` for a setting out of range.
    public init(configuration: BrainConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration

        let groupCount = configuration.groupNames.count
        let observationSize = LossObserver.featureCount + GroupObserver.featureCount * groupCount
        let outputSize = 3 * groupCount
        let layerSizes = [observationSize] + configuration.hiddenSizes + [outputSize]

        var generator = SeededGenerator(seed: configuration.seed)
        learner = PolicyLearner(
            network: PolicyNetwork(layerSizes: layerSizes, generator: &generator),
            configuration: configuration)
        explorationSeed = generator.next()

        lossObserver = LossObserver(window: configuration.lossWindow)
        groupObservers = Array(
            repeating: GroupObserver(window: configuration.gradientWindow, decay: configuration.normStatisticsDecay),
            count: groupCount)

        observation = [Float](repeating: 0, count: observationSize)
        means = [Float](repeating: 0, count: outputSize)
        action = [Float](repeating: 0, count: outputSize)
        pendingObservation = observation
        pendingAction = action
        knobs = Array(repeating: .neutral, count: groupCount)
        meanKnobs = knobs
        ceilings = [Float](repeating: .infinity, count: groupCount)
    }

    public var groupNames: [String] { configuration.groupNames }
    public var groupCount: Int { configuration.groupNames.count }
    /// Length of the observation vector: 6 loss features plus 6 per group.
    public var observationSize: Int { observation.count }

    public var status: BrainStatus {
        BrainStatus(
            step: stepCount, updates: learner.updateCount, badSteps: badStepCount,
            baseline: learner.baseline, lastReward: lastReward, isFrozen: isFrozen,
            knobs: knobs, meanKnobs: meanKnobs, bufferedExperiences: learner.experienceCount)
    }

    /// Whether the latest `decide` updated the policy.
    public var didUpdatePolicy: Bool { didUpdateThisStep }

    // MARK: - One step

    /// Starts a step: credits the previous decision with the loss change, records `loss`,
    /// and returns one decision per group. `loss` is the loss at the current parameters.
    ///
    /// A non-finite loss is counted as a bad step and never recorded or rewarded. While
    /// frozen the previous knobs are returned unchanged. Calling `decide` again without
    /// `finishStep` finishes the open step first.
    @discardableResult
    public func decide(loss: Double) -> [Knobs] {
        if isStepOpen {
            finishStep()
        }
        isStepOpen = true
        isStepBad = false
        didUpdateThisStep = false
        lastReward = nil

        if loss.isFinite {
            if hasPendingDecision, !isFrozen, let previousLoss {
                creditPendingDecision(reward: Self.reward(from: previousLoss, to: loss))
            }
            lossObserver.record(loss)
            previousLoss = loss
        } else {
            isStepBad = true
            previousLoss = nil
        }
        hasPendingDecision = false

        if !isFrozen {
            makeDecision()
            // A decision made at a bad step is never credited, because the loss change
            // that follows it starts from a bad value.
            hasPendingDecision = !isStepBad
        }
        updateCeilings()
        return knobs
    }

    /// Records group `group`'s gradient for this step. A gradient with a NaN or an infinity
    /// is not recorded and makes this a bad step.
    ///
    /// - Precondition: `group` is in `0..<groupCount`.
    public func recordGradient(group: Int, gradient: UnsafeBufferPointer<Float>) {
        precondition(groupObservers.indices.contains(group), groupRangeMessage(group))
        let squaredNorm = VectorMath.sumOfSquares(gradient)
        recordGradient(group: group, gradient: gradient, norm: squaredNorm.squareRoot())
    }

    /// Records group `group`'s gradient for this step, as the buffer-pointer overload does.
    public func recordGradient(group: Int, gradient: [Float]) {
        gradient.withUnsafeBufferPointer { recordGradient(group: group, gradient: $0) }
    }

    /// Records a gradient whose L2 norm the caller already computed with `VectorMath.sumOfSquares`.
    func recordGradient(group: Int, gradient: UnsafeBufferPointer<Float>, norm: Double) {
        guard norm.isFinite else {
            isStepBad = true
            return
        }
        groupObservers[group].record(gradient: gradient, norm: norm)
    }

    /// Ends the step. Counts it as bad if its loss or any gradient was non-finite, and then
    /// drops its decision from learning. Does nothing when no step is open.
    public func finishStep() {
        guard isStepOpen else { return }
        isStepOpen = false
        stepCount += 1

        if isStepBad {
            badStepCount += 1
            hasPendingDecision = false
        }
    }

    /// Returns the largest gradient norm group `group` may have under the current decision,
    /// or nil when the decision does not clip.
    ///
    /// The ceiling is fixed when `decide` runs, from the group's log-norm statistics up to
    /// the previous step, so recording this step's gradient does not move it. Clip knob
    /// values of 1 or more never clip (see `Knobs`).
    ///
    /// - Precondition: `group` is in `0..<groupCount`.
    public func normCeiling(group: Int) -> Float? {
        precondition(ceilings.indices.contains(group), groupRangeMessage(group))
        let ceiling = ceilings[group]
        return ceiling.isFinite ? ceiling : nil
    }

    /// Returns the reward for a loss moving from `previous` to `current`: the relative
    /// decrease, clamped to ±`rewardLimit`. Multiplying both losses by a positive constant
    /// leaves it unchanged.
    static func reward(from previous: Double, to current: Double) -> Double {
        let decrease = previous - current
        guard decrease != 0 else { return 0 }
        guard previous != 0 else { return decrease > 0 ? rewardLimit : -rewardLimit }
        return VectorMath.clamp(decrease / abs(previous), to: -rewardLimit...rewardLimit)
    }

    func groupRangeMessage(_ group: Int) -> String {
        BrainError.groupIndexOutOfRange(index: group, groupCount: groupCount).description
    }

    // MARK: - Deciding

    private func creditPendingDecision(reward: Double) {
        lastReward = reward
        didUpdateThisStep = pendingObservation.withUnsafeBufferPointer { observation in
            pendingAction.withUnsafeBufferPointer { action in
                learner.record(observation: observation.baseAddress!, action: action.baseAddress!, reward: reward)
            }
        }
    }

    /// Builds the observation, runs the policy, samples the exploration noise and maps the
    /// result to knobs. Allocates nothing.
    ///
    /// Each array is reached through one buffer pointer, because every access to a stored
    /// property of a class inside a loop costs a runtime exclusivity check.
    private func makeDecision() {
        observation.withUnsafeMutableBufferPointer { observation in
            writeObservation(to: observation.baseAddress!)
            means.withUnsafeMutableBufferPointer { means in
                learner.network.forward(observation.baseAddress!, output: means.baseAddress!)
                action.withUnsafeMutableBufferPointer { action in
                    sampleAction(means: means, into: action)
                    writeKnobs(action: action, means: means)
                    pendingAction.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: action.baseAddress!, count: action.count) }
                }
            }
            pendingObservation.withUnsafeMutableBufferPointer {
                $0.baseAddress!.update(from: observation.baseAddress!, count: observation.count)
            }
        }
    }

    private func writeObservation(to base: UnsafeMutablePointer<Float>) {
        lossObserver.writeFeatures(to: base)
        groupObservers.withUnsafeBufferPointer { observers in
            for group in observers.indices {
                let start = base + LossObserver.featureCount + group * GroupObserver.featureCount
                observers[group].features.withUnsafeBufferPointer { features in
                    start.update(from: features.baseAddress!, count: GroupObserver.featureCount)
                }
            }
        }
    }

    /// Writes a = μ + σ·ε, where the noise ε of step t depends only on the exploration seed and t.
    private func sampleAction(means: UnsafeMutableBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        let standardDeviation = configuration.explorationStd
        guard standardDeviation > 0 else {
            action.baseAddress!.update(from: means.baseAddress!, count: means.count)
            return
        }

        var noise = SeededGenerator(seed: explorationSeed &+ UInt64(stepCount) &* 0xD1B5_4A32_D192_ED03)
        for index in action.indices {
            action[index] = means[index] + standardDeviation * Float(noise.nextNormal())
        }
    }

    private func writeKnobs(action: UnsafeMutableBufferPointer<Float>, means: UnsafeMutableBufferPointer<Float>) {
        knobs.withUnsafeMutableBufferPointer { knobs in
            meanKnobs.withUnsafeMutableBufferPointer { meanKnobs in
                for group in knobs.indices {
                    let first = 3 * group
                    knobs[group] = Knobs(preActivations: action[first], action[first + 1], action[first + 2])
                    meanKnobs[group] = Knobs(preActivations: means[first], means[first + 1], means[first + 2])
                }
            }
        }
    }

    private func updateCeilings() {
        let warmup = configuration.clipWarmupSteps
        let baseZScore = configuration.clipBaseZScore
        ceilings.withUnsafeMutableBufferPointer { ceilings in
            knobs.withUnsafeBufferPointer { knobs in
                groupObservers.withUnsafeBufferPointer { observers in
                    for group in ceilings.indices {
                        let ceiling = observers[group].normCeiling(clip: knobs[group].clip, warmup: warmup, baseZScore: baseZScore)
                        ceilings[group] = ceiling ?? .infinity
                    }
                }
            }
        }
    }
}
