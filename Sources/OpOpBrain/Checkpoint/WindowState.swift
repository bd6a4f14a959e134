/// The decision window in flight and the pair it belongs to, decoded from a checkpoint.
struct WindowState {
    var windowCount: Int
    var isWindowOpen: Bool
    var windowSteps: Int
    var isWindowSpoiled: Bool
    var windowLosses: [Double]
    var previousWindowMean: Double?
    var observation: [Float]
    var action: [Float]
    var pairNoise: [Float]
    var firstReward: Double?
    var firstObservation: [Float]
    var firstAction: [Float]

    init(reader: CheckpointReader, brain: Brain) throws(CheckpointProblem) {
        let observationSize = brain.learner.network.inputCount
        let outputSize = brain.learner.network.outputCount
        let window = brain.configuration.decisionWindow

        windowCount = try reader.count("window_count", in: 0...Int.max)
        isWindowOpen = try reader.flag("window_open")
        windowSteps = try reader.count("window_steps", in: 0...max(window - 1, 0))
        isWindowSpoiled = try reader.flag("window_spoiled")
        windowLosses = try reader.float64("window_losses", shape: [nil])
        guard windowLosses.count <= windowSteps + 1 else {
            throw CheckpointProblem(
                message: "array 'window_losses' contains \(windowLosses.count) losses but the window has run only"
                    + " \(windowSteps) steps; \(CheckpointReader.corruptionFix)")
        }
        let previousWindowMean = try reader.float64("previous_window_mean", shape: [], allowNonFinite: true)[0]
        self.previousWindowMean = previousWindowMean.isFinite ? previousWindowMean : nil
        observation = try reader.float32("window_observation", shape: [observationSize])
        action = try reader.float32("window_action", shape: [outputSize])
        pairNoise = try reader.float32("pair_noise", shape: [outputSize])
        let firstReward = try reader.float64("first_reward", shape: [], allowNonFinite: true)[0]
        self.firstReward = firstReward.isFinite ? firstReward : nil
        firstObservation = try reader.float32("first_observation", shape: [observationSize])
        firstAction = try reader.float32("first_action", shape: [outputSize])
    }

    func apply(to brain: Brain) {
        brain.windowCount = windowCount
        brain.isWindowOpen = isWindowOpen
        brain.windowSteps = windowSteps
        brain.isWindowSpoiled = isWindowSpoiled
        brain.windowLosses.removeAll(keepingCapacity: true)
        brain.windowLosses.append(contentsOf: windowLosses)
        brain.previousWindowMean = previousWindowMean
        brain.observation = observation
        brain.action = action
        brain.pairNoise = pairNoise
        brain.firstReward = firstReward
        brain.firstObservation = firstObservation
        brain.firstAction = firstAction
    }
}

extension CheckpointState {
    static func readNormalizer(_ reader: CheckpointReader, brain: Brain) throws(CheckpointProblem) -> FeatureNormalizer {
        let size = brain.learner.network.inputCount
        var normalizer = brain.normalizer
        normalizer.count = try reader.count("feature_normalizer_count", in: 0...Int.max)
        normalizer.means = try reader.float64("feature_means", shape: [size])
        normalizer.variances = try reader.float64("feature_variances", shape: [size])
        if let index = normalizer.variances.firstIndex(where: { $0 < 0 }) {
            throw CheckpointProblem(
                message: "array 'feature_variances' has the negative value \(normalizer.variances[index]) at index \(index);"
                    + " \(CheckpointReader.corruptionFix)")
        }
        return normalizer
    }

    static func readGuard(_ reader: CheckpointReader) throws(CheckpointProblem) -> NeutralGuard {
        var neutralGuard = NeutralGuard()
        let lastPairMean = try reader.float64("guard_last_pair_mean", shape: [], allowNonFinite: true)[0]
        neutralGuard.lastPairMean = lastPairMean.isFinite ? lastPairMean : nil
        let probe = try reader.float64("guard_pending_probe", shape: [2], allowNonFinite: true)
        if probe[0].isFinite, probe[1].isFinite {
            neutralGuard.pendingProbe = (probe[0], probe[1])
        }
        neutralGuard.comparisonCount = try reader.count("guard_comparison_count", in: 0...Int.max)
        let statistics = try reader.float64("guard_comparison_statistics", shape: [2])
        neutralGuard.comparisonMean = statistics[0]
        neutralGuard.comparisonSquares = statistics[1]
        neutralGuard.tripCount = try reader.count("guard_trips", in: 0...Int.max)
        return neutralGuard
    }
}
