/// The learned controller: observes the loss and each group's gradients, and decides the
/// knobs (scale, clip, dampen) of every parameter group.
///
/// A step is `decide(loss:)`, then `recordGradient(group:gradient:)` for each group, then
/// `finishStep()`. `BrainOptimizer` runs that sequence around a base optimizer, and a caller
/// with its own update loop can run it directly.
///
/// The brain starts exactly neutral because its last layer is zero. It decides once per
/// window of `decisionWindow` steps and keeps the knobs for the whole window. It learns online by
/// REINFORCE from antithetic pairs of windows: the same exploration noise added in one
/// window and subtracted in the next, each rewarded by the relative loss decrease over its
/// window. A neutral guard compares the policy with neutral probe windows and resets the
/// policy to neutral when it is losing. The brain never learns from a window with a
/// non-finite loss or gradient.
///
/// Not thread-safe: one thread owns a brain.
public final class Brain {
    public let configuration: BrainConfiguration

    /// Rewards are relative loss changes clamped to this range, so one spike cannot dominate a batch.
    public static let rewardLimit = 5.0
    /// Consecutive losses that must all be high for the loss to count as surging (see `isSurging`).
    static let surgeSpan = 3
    /// The index of the phase feature, which the normalizer leaves as it is.
    static let phaseFeature = 5

    var learner: PolicyLearner
    var lossObserver: LossObserver
    var groupObservers: [GroupObserver]
    var normalizer: FeatureNormalizer
    var neutralGuard: NeutralGuard
    /// Seed of the exploration noise. The noise of a pair depends only on this seed and the pair's index.
    var explorationSeed: UInt64

    /// The observation as the observers wrote it, before normalization.
    var rawObservation: [Float]
    var means: [Float]

    // The current window.
    /// Windows started so far, which fixes the current window's role.
    var windowCount = 0
    var isWindowOpen = false
    var windowSteps = 0
    var isWindowSpoiled = false
    /// Mean finite loss of the latest window that closed with a reward, or nil.
    var previousWindowMean: Double?
    /// Finite losses of the current window, oldest first. The first is its start loss.
    var windowLosses: [Double]
    /// The normalized observation and the action of the current window's decision.
    var observation: [Float]
    var action: [Float]

    // The first window of the current pair.
    var pairNoise: [Float]
    var firstObservation: [Float]
    var firstAction: [Float]
    /// The first window's reward, or nil while there is none to pair with.
    var firstReward: Double?

    var knobs: [Knobs]
    var meanKnobs: [Knobs]
    /// Norm ceilings of the latest decision, where infinity means no clipping.
    var ceilings: [Float]

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
        normalizer = FeatureNormalizer(
            featureCount: observationSize, decay: configuration.featureNormalizationDecay, passThrough: [Self.phaseFeature])
        neutralGuard = NeutralGuard()

        rawObservation = [Float](repeating: 0, count: observationSize)
        observation = rawObservation
        firstObservation = rawObservation
        means = [Float](repeating: 0, count: outputSize)
        action = means
        firstAction = means
        pairNoise = means
        windowLosses = []
        windowLosses.reserveCapacity(configuration.decisionWindow + 1)
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
            knobs: knobs, meanKnobs: meanKnobs, bufferedExperiences: learner.experienceCount,
            guardTrips: neutralGuard.tripCount)
    }

    /// Whether the latest `decide` updated the policy.
    public var didUpdatePolicy: Bool { didUpdateThisStep }

    // MARK: - One step

    /// Starts a step: records `loss`, which is the loss at the current parameters, closes
    /// the current window when it has run its steps (crediting its decision), and returns
    /// one decision per group. A new window's decision is made here, from the observation.
    ///
    /// A non-finite loss is counted as a bad step and never recorded, and the window it
    /// falls in is not learned from. While frozen the previous knobs are returned unchanged.
    /// Calling `decide` again without `finishStep` finishes the open step first.
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
            lossObserver.record(loss)
        } else {
            isStepBad = true
        }

        if !isFrozen {
            if isWindowOpen {
                extendWindow(loss: loss)
            }
            if !isWindowOpen {
                openWindow(startLoss: loss)
            }
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
            isWindowSpoiled = true
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

    /// Returns the reward of a window whose losses were `losses`, oldest first: the
    /// least-squares slope times the span, as a decrease relative to the mean |loss|, clamped
    /// to ±`rewardLimit`. Fitting a line averages out much of the minibatch noise that a
    /// difference of two losses would keep. Multiplying every loss by a positive constant
    /// leaves it unchanged. Returns nil for fewer than two losses or a zero mean.
    static func reward(windowLosses losses: [Double]) -> Double? {
        guard losses.count >= 2 else { return nil }
        var magnitude = 0.0
        for loss in losses {
            magnitude += abs(loss)
        }
        magnitude /= Double(losses.count)
        guard magnitude > 0 else { return nil }

        let slope = VectorMath.slope(count: losses.count) { losses[$0] }
        let decrease = -slope * Double(losses.count - 1) / magnitude
        return VectorMath.clamp(decrease, to: -rewardLimit...rewardLimit)
    }

    func groupRangeMessage(_ group: Int) -> String {
        BrainError.groupIndexOutOfRange(index: group, groupCount: groupCount).description
    }

    // MARK: - Windows

    /// Adds a step's loss to the open window, and closes the window once it has run its
    /// steps. A surging loss resets the policy to neutral at once: waiting for the pair to
    /// finish could let a step size past the edge of stability ruin the model.
    private func extendWindow(loss: Double) {
        if loss.isFinite {
            windowLosses.append(loss)
        } else {
            isWindowSpoiled = true
        }
        windowSteps += 1

        if isSurging() {
            learner.resetOutputs(0..<learner.network.outputCount)
            neutralGuard.noteSurge()
            abandonWindow()
            return
        }

        if windowSteps >= configuration.decisionWindow {
            closeWindow()
        }
    }

    /// Returns whether each of the window's latest `surgeSpan` losses is above the configured
    /// `surgeRatio` times the previous window's mean. Requiring every one keeps a single
    /// corrupted batch, or the noise of small minibatches, from counting as a surge.
    private func isSurging() -> Bool {
        guard let previousWindowMean, windowLosses.count >= Self.surgeSpan else { return false }
        let threshold = configuration.surgeRatio * abs(previousWindowMean)
        return windowLosses.suffix(Self.surgeSpan).allSatisfy { abs($0) > threshold }
    }

    /// Credits the window that just ran its steps, by its role.
    private func closeWindow() {
        isWindowOpen = false
        let reward = isWindowSpoiled ? nil : Self.reward(windowLosses: windowLosses)
        if let reward {
            lastReward = reward
            learner.noteReward(reward)
            previousWindowMean = windowLosses.reduce(0) { $0 + abs($1) } / Double(windowLosses.count)
        }

        let (role, _) = WindowRole.of(window: windowCount - 1, probeInterval: configuration.guardProbeInterval)
        switch role {
        case .first:
            firstReward = reward
            if reward != nil {
                swap(&firstObservation, &observation)
                swap(&firstAction, &action)
            }
        case .second:
            if let reward, let firstReward {
                creditPair(firstReward: firstReward, secondReward: reward)
            }
            firstReward = nil
        case .probe:
            if let reward {
                neutralGuard.noteProbe(reward: reward)
            }
        }
    }

    /// Gives the pair's two decisions opposite advantages, half their reward difference,
    /// and lets the guard compare the pair with the probe before it.
    private func creditPair(firstReward: Double, secondReward: Double) {
        let advantage = (firstReward - secondReward) / 2
        let firstUpdated = recordExperience(observation: firstObservation, action: firstAction, advantage: advantage)
        let secondUpdated = recordExperience(observation: observation, action: action, advantage: -advantage)
        didUpdateThisStep = firstUpdated || secondUpdated

        if neutralGuard.notePair(meanReward: (firstReward + secondReward) / 2) {
            learner.resetOutputs(0..<learner.network.outputCount)
        }
    }

    private func recordExperience(observation: [Float], action: [Float], advantage: Double) -> Bool {
        observation.withUnsafeBufferPointer { observation in
            action.withUnsafeBufferPointer { action in
                learner.record(observation: observation.baseAddress!, action: action.baseAddress!, advantage: advantage)
            }
        }
    }

    /// Starts a window at a step whose loss is `startLoss`, and makes its decision.
    private func openWindow(startLoss: Double) {
        let (role, pair) = WindowRole.of(window: windowCount, probeInterval: configuration.guardProbeInterval)
        windowCount += 1
        isWindowOpen = true
        windowSteps = 0
        isWindowSpoiled = !startLoss.isFinite || isStepBad
        windowLosses.removeAll(keepingCapacity: true)
        if startLoss.isFinite {
            windowLosses.append(startLoss)
        }

        if role == .first, let pair {
            drawPairNoise(pair: pair)
        }
        makeDecision(role: role)
    }

    /// Forgets the window in flight, the pair it belongs to and the loss level the surge
    /// check compares with, so nothing measured before a reset, a freeze or an outside
    /// change is credited. The next `decide` opens a new window.
    func abandonWindow() {
        isWindowOpen = false
        firstReward = nil
        previousWindowMean = nil
        neutralGuard.forgetPending()
    }

    private func drawPairNoise(pair: Int) {
        let standardDeviation = configuration.explorationStd
        let sign = WindowRole.firstSign(pair: pair)
        var noise = SeededGenerator(seed: explorationSeed &+ UInt64(pair) &* 0xD1B5_4A32_D192_ED03)
        let exploresAll = configuration.exploresClipAndDampen
        for index in pairNoise.indices {
            let value = sign * standardDeviation * Float(noise.nextNormal())
            pairNoise[index] = exploresAll || index % 3 == 0 ? value : 0
        }
    }

    // MARK: - Deciding

    /// Builds and normalizes the observation, runs the policy and maps the action of the
    /// window's role to knobs: mean plus the pair's noise, mean minus it, or exactly
    /// neutral for a probe. Allocates nothing.
    ///
    /// Each array is reached through one buffer pointer, because every access to a stored
    /// property of a class inside a loop costs a runtime exclusivity check.
    private func makeDecision(role: WindowRole) {
        rawObservation.withUnsafeMutableBufferPointer { raw in
            writeObservation(to: raw.baseAddress!)
            observation.withUnsafeMutableBufferPointer { observation in
                normalizer.normalize(raw.baseAddress!, into: observation.baseAddress!)
                means.withUnsafeMutableBufferPointer { means in
                    learner.network.forward(observation.baseAddress!, output: means.baseAddress!)
                }
            }
        }

        let downward = configuration.exploresScaleDownward
        means.withUnsafeBufferPointer { means in
            pairNoise.withUnsafeBufferPointer { noise in
                action.withUnsafeMutableBufferPointer { action in
                    for index in action.indices {
                        // Downward scale exploration shifts both windows by |noise|, so
                        // one runs at the mean and the other at twice the noise below it.
                        let shift = downward && index % 3 == 0 ? abs(noise[index]) : 0
                        switch role {
                        case .first: action[index] = means[index] + noise[index] - shift
                        case .second: action[index] = means[index] - noise[index] - shift
                        case .probe: action[index] = 0
                        }
                    }
                    writeKnobs(action: action, means: means)
                }
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

    private func writeKnobs(action: UnsafeMutableBufferPointer<Float>, means: UnsafeBufferPointer<Float>) {
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
