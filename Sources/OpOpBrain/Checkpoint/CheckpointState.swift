/// A brain's state decoded and checked from a checkpoint, ready to replace the live one.
///
/// Decoding builds new values and never touches the brain, so a file that fails any check
/// leaves the running brain as it was.
struct CheckpointState {
    var learner: PolicyLearner
    var lossObserver: LossObserver
    var groupObservers: [GroupObserver]
    var normalizer: FeatureNormalizer
    var window: WindowState
    var neutralGuard: NeutralGuard
    var stepCount: Int
    var badStepCount: Int
    var explorationSeed: UInt64
    var isFrozen: Bool
    var lastReward: Double?
    var knobs: [Knobs]
    var meanKnobs: [Knobs]
    var ceilings: [Float]

    init(reader: CheckpointReader, brain: Brain) throws(CheckpointProblem) {
        let version = try reader.count("format_version", in: 0...Int.max)
        guard version == Brain.checkpointFormatVersion else {
            throw CheckpointProblem(
                message: "format version \(version) is not supported, this program reads version \(Brain.checkpointFormatVersion);"
                    + " save the checkpoint again with this program")
        }

        var learner = brain.learner
        let network = learner.network
        let layerSizes = try reader.counts("layer_sizes", shape: [nil], in: 0...Int.max)
        guard layerSizes == network.layerSizes else {
            throw CheckpointProblem(
                message: "the saved policy has layer sizes \(layerSizes) but this brain's are \(network.layerSizes)"
                    + " (\(brain.groupCount) groups); load a checkpoint saved from a brain with the same groups and hidden sizes")
        }

        try Self.readPolicy(reader, into: &learner)
        try Self.readExperiences(reader, into: &learner)
        self.learner = learner

        let groupCount = brain.groupCount
        normalizer = try Self.readNormalizer(reader, brain: brain)
        window = try WindowState(reader: reader, brain: brain)
        neutralGuard = try Self.readGuard(reader)

        stepCount = try reader.count("step", in: 0...Int.max)
        badStepCount = try reader.count("bad_steps", in: 0...stepCount)
        explorationSeed = try reader.bitPattern("exploration_seed")
        isFrozen = try reader.flag("is_frozen")

        let lastReward = try reader.float64("last_reward", shape: [], allowNonFinite: true)[0]
        self.lastReward = lastReward.isFinite ? lastReward : nil

        knobs = try Self.readKnobs(reader, name: "knobs", groupCount: groupCount)
        meanKnobs = try Self.readKnobs(reader, name: "mean_knobs", groupCount: groupCount)
        ceilings = try reader.float32("norm_ceilings", shape: [groupCount], allowNonFinite: true)
        if let index = ceilings.firstIndex(where: { !($0 > 0) }) {
            throw CheckpointProblem(
                message: "array 'norm_ceilings' has the value \(ceilings[index]) for group \(index), which is not a positive ceiling;"
                    + " \(CheckpointReader.corruptionFix)")
        }

        let lossWindow = brain.configuration.lossWindow
        let losses = try reader.float64("loss_history", shape: [nil])
        guard losses.count <= lossWindow else {
            throw CheckpointProblem(
                message: "array 'loss_history' contains \(losses.count) losses but this brain's loss window is \(lossWindow);"
                    + " configure a loss window of at least \(losses.count)")
        }
        let recordedLosses = try reader.count("loss_recorded_count", in: losses.count...Int.max)
        lossObserver = LossObserver(window: lossWindow, timeOrdered: losses, recordedCount: recordedLosses)

        groupObservers = try Self.readGroupObservers(reader, brain: brain)
    }

    func apply(to brain: Brain) {
        brain.learner = learner
        brain.lossObserver = lossObserver
        brain.groupObservers = groupObservers
        brain.normalizer = normalizer
        brain.neutralGuard = neutralGuard
        window.apply(to: brain)
        brain.stepCount = stepCount
        brain.badStepCount = badStepCount
        brain.explorationSeed = explorationSeed
        brain.isFrozen = isFrozen
        brain.lastReward = lastReward
        brain.knobs = knobs
        brain.meanKnobs = meanKnobs
        brain.ceilings = ceilings
        brain.isStepOpen = false
        brain.isStepBad = false
        brain.didUpdateThisStep = false
    }

    private static func readPolicy(_ reader: CheckpointReader, into learner: inout PolicyLearner) throws(CheckpointProblem) {
        let network = learner.network
        var parameters = network.parameters
        for layer in 0..<network.layerCount {
            let (rows, columns) = network.weightShape(layer: layer)
            let weight = try reader.float32("policy_layer\(layer)_weight", shape: [rows, columns])
            let bias = try reader.float32("policy_layer\(layer)_bias", shape: [rows])
            parameters.replaceSubrange(network.weightOffsets[layer]..<(network.weightOffsets[layer] + weight.count), with: weight)
            parameters.replaceSubrange(network.biasOffsets[layer]..<(network.biasOffsets[layer] + bias.count), with: bias)
        }
        learner.network.parameters = parameters

        let parameterCount = parameters.count
        learner.firstMoment = try reader.float32("adam_first_moment", shape: [parameterCount])
        learner.secondMoment = try reader.float32("adam_second_moment", shape: [parameterCount])
        if let index = learner.secondMoment.firstIndex(where: { $0 < 0 }) {
            throw CheckpointProblem(
                message: "array 'adam_second_moment' has the negative value \(learner.secondMoment[index]) at index \(index);"
                    + " \(CheckpointReader.corruptionFix)")
        }
        learner.adamStep = try reader.count("adam_step", in: 0...Int.max)
        learner.updateCount = try reader.count("policy_updates", in: 0...Int.max)
    }

    private static func readExperiences(_ reader: CheckpointReader, into learner: inout PolicyLearner) throws(CheckpointProblem) {
        let observationSize = learner.network.inputCount
        let outputSize = learner.network.outputCount
        learner.baseline = try reader.float64("baseline", shape: [])[0]
        learner.rewardCount = try reader.count("reward_count", in: 0...Int.max)

        let advantages = try reader.float64("experience_advantages", shape: [nil])
        let count = advantages.count
        guard count < learner.capacity else {
            throw CheckpointProblem(
                message: "the checkpoint contains \(count) decisions awaiting an update but this brain updates every"
                    + " \(learner.capacity); configure an update interval above \(count)")
        }
        let observations = try reader.float32("experience_observations", shape: [count, observationSize])
        let actions = try reader.float32("experience_actions", shape: [count, outputSize])

        learner.advantages.replaceSubrange(0..<count, with: advantages)
        learner.observations.replaceSubrange(0..<observations.count, with: observations)
        learner.actions.replaceSubrange(0..<actions.count, with: actions)
        learner.experienceCount = count
    }

    private static func readKnobs(_ reader: CheckpointReader, name: String, groupCount: Int) throws(CheckpointProblem) -> [Knobs] {
        let values = try reader.float32(name, shape: [groupCount, 3])
        var knobs: [Knobs] = []
        for group in 0..<groupCount {
            let knob = Knobs(scale: values[3 * group], clip: values[3 * group + 1], dampen: values[3 * group + 2])
            guard Knobs.scaleRange.contains(knob.scale), Knobs.clipRange.contains(knob.clip),
                Knobs.dampenRange.contains(knob.dampen)
            else {
                throw CheckpointProblem(
                    message: "array '\(name)' has knobs out of range for group \(group) (scale \(knob.scale),"
                        + " clip \(knob.clip), dampen \(knob.dampen)); \(CheckpointReader.corruptionFix)")
            }
            knobs.append(knob)
        }
        return knobs
    }

    private static func readGroupObservers(_ reader: CheckpointReader, brain: Brain) throws(CheckpointProblem) -> [GroupObserver] {
        let groupCount = brain.groupCount
        let window = brain.configuration.gradientWindow
        let sampleLimit = GroupObserver.sampleLimit

        let normCounts = try reader.counts("group_norm_counts", shape: [groupCount], in: 0...Int.max)
        let statistics = try reader.float64("group_norm_statistics", shape: [groupCount, 3])
        let logNorms = try reader.float64("group_log_norms", shape: [groupCount, window])
        let logNormCounts = try reader.counts("group_log_norm_counts", shape: [groupCount], in: 0...window)
        let cosines = try reader.float64("group_cosines", shape: [groupCount, window])
        let cosineCounts = try reader.counts("group_cosine_counts", shape: [groupCount], in: 0...window)
        let samples = try reader.float32("group_previous_samples", shape: [groupCount, sampleLimit])
        let sampleLengths = try reader.counts("group_previous_sample_lengths", shape: [groupCount], in: 0...sampleLimit)
        let gradientCounts = try reader.counts("group_previous_gradient_counts", shape: [groupCount], in: 0...Int.max)
        let features = try reader.float32("group_features", shape: [groupCount, GroupObserver.featureCount])

        var observers: [GroupObserver] = []
        for group in 0..<groupCount {
            var observer = brain.groupObservers[group]
            observer.reset()
            observer.normCount = normCounts[group]
            observer.logNormMean = statistics[3 * group]
            observer.logNormVariance = statistics[3 * group + 1]
            observer.fastLogNorm = statistics[3 * group + 2]
            guard observer.logNormVariance >= 0 else {
                throw CheckpointProblem(
                    message: "array 'group_norm_statistics' has the negative variance \(observer.logNormVariance) for group \(group);"
                        + " \(CheckpointReader.corruptionFix)")
            }

            let row = (group * window)..<(group * window + window)
            observer.logNorms = RingBuffer(capacity: window, timeOrdered: Array(logNorms[row].prefix(logNormCounts[group])))
            observer.cosines = RingBuffer(capacity: window, timeOrdered: Array(cosines[row].prefix(cosineCounts[group])))
            observer.restorePreviousSample(
                Array(samples[(group * sampleLimit)..<(group * sampleLimit + sampleLimit)]),
                length: sampleLengths[group], gradientCount: gradientCounts[group])
            let featureStart = group * GroupObserver.featureCount
            observer.features = Array(features[featureStart..<(featureStart + GroupObserver.featureCount)])
            observers.append(observer)
        }
        return observers
    }
}
