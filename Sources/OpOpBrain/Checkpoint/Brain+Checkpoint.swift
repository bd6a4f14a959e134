import OpOpNumPy

/// Saving and loading the whole learned state as a NumPy `.npz` file.
///
/// A checkpoint contains plain arrays that `numpy.load` opens without pickle. They are the
/// policy's weights and biases (float32, in PyTorch's (outputs, inputs) layout) and its
/// Adam moments, the displayed baseline and the unfinished batch, the feature
/// normalizer, the window in flight, the pair it belongs to and the neutral guard. Then
/// come the loss and gradient histories oldest first, the clip statistics, the counters
/// and the exploration seed. Group names
/// are not stored, because the layer sizes fix the group count. docs/brain.md lists every array.
extension Brain {
    /// Version of the array layout. A load rejects any other.
    public static let checkpointFormatVersion = 2

    /// Writes the brain's state to `path` atomically (temporary file, fsync, rename), so an
    /// earlier file at `path` is either kept or replaced whole.
    ///
    /// Throws `BrainError.checkpointWriteFailed` naming the path and the system's reason.
    public func saveCheckpoint(to path: String) throws {
        do {
            try NPZ.write(makeCheckpointArchive(), to: path)
        } catch {
            throw BrainError.checkpointWriteFailed(path: path, reason: "\(error.operation) failed: \(error.reason)")
        }
    }

    /// Replaces the brain's state with the checkpoint at `path`, including its exploration
    /// seed, so the loaded brain continues exactly as the saved one would have.
    ///
    /// Every array's presence, dtype, shape and values are checked against this brain's
    /// configuration first. Throws `BrainError.invalidCheckpoint` naming the file and the
    /// problem for an unreadable, truncated, corrupted, pickled or mismatched file, and then
    /// leaves the brain unchanged.
    public func loadCheckpoint(from path: String) throws {
        let archive: NPZArchive
        do {
            archive = try NPZ.read(path: path)
        } catch let error as FileOperationError {
            throw BrainError.invalidCheckpoint(path: path, problem: "\(error.operation) failed: \(error.reason)")
        } catch var error as NumPyFormatError {
            error.path = nil
            throw BrainError.invalidCheckpoint(path: path, problem: error.description)
        }

        let state: CheckpointState
        do {
            state = try CheckpointState(reader: CheckpointReader(archive: archive), brain: self)
        } catch {
            throw BrainError.invalidCheckpoint(path: path, problem: error.message)
        }
        state.apply(to: self)
    }

    func makeCheckpointArchive() -> NPZArchive {
        var archive = NPZArchive()
        let network = learner.network
        let groupCount = self.groupCount
        let observationSize = network.inputCount
        let outputSize = network.outputCount

        archive.set("format_version", NumPyArray(int64: Int64(Self.checkpointFormatVersion)))
        archive.set("layer_sizes", NumPyArray(int64: network.layerSizes.map { Int64($0) }))

        for layer in 0..<network.layerCount {
            let (rows, columns) = network.weightShape(layer: layer)
            let weightStart = network.weightOffsets[layer]
            let biasStart = network.biasOffsets[layer]
            archive.set(
                "policy_layer\(layer)_weight",
                NumPyArray(float32: Array(network.parameters[weightStart..<(weightStart + rows * columns)]), shape: [rows, columns]))
            archive.set("policy_layer\(layer)_bias", NumPyArray(float32: Array(network.parameters[biasStart..<(biasStart + rows)])))
        }
        archive.set("adam_first_moment", NumPyArray(float32: learner.firstMoment))
        archive.set("adam_second_moment", NumPyArray(float32: learner.secondMoment))
        archive.set("adam_step", NumPyArray(int64: Int64(learner.adamStep)))
        archive.set("policy_updates", NumPyArray(int64: Int64(learner.updateCount)))

        let experiences = learner.experienceCount
        archive.set("baseline", NumPyArray(float64: learner.baseline))
        archive.set("reward_count", NumPyArray(int64: Int64(learner.rewardCount)))
        archive.set(
            "experience_observations",
            NumPyArray(float32: Array(learner.observations[0..<(experiences * observationSize)]), shape: [experiences, observationSize]))
        archive.set(
            "experience_actions",
            NumPyArray(float32: Array(learner.actions[0..<(experiences * outputSize)]), shape: [experiences, outputSize]))
        archive.set("experience_advantages", NumPyArray(float64: Array(learner.advantages[0..<experiences])))

        archive.set("feature_normalizer_count", NumPyArray(int64: Int64(normalizer.count)))
        archive.set("feature_means", NumPyArray(float64: normalizer.means))
        archive.set("feature_variances", NumPyArray(float64: normalizer.variances))

        archive.set("window_count", NumPyArray(int64: Int64(windowCount)))
        archive.set("window_open", NumPyArray(bool: isWindowOpen))
        archive.set("window_steps", NumPyArray(int64: Int64(windowSteps)))
        archive.set("window_spoiled", NumPyArray(bool: isWindowSpoiled))
        archive.set("window_losses", NumPyArray(float64: windowLosses))
        archive.set("previous_window_mean", NumPyArray(float64: previousWindowMean ?? .nan))
        archive.set("window_observation", NumPyArray(float32: observation))
        archive.set("window_action", NumPyArray(float32: action))
        archive.set("pair_noise", NumPyArray(float32: pairNoise))
        archive.set("first_reward", NumPyArray(float64: firstReward ?? .nan))
        archive.set("first_observation", NumPyArray(float32: firstObservation))
        archive.set("first_action", NumPyArray(float32: firstAction))

        archive.set("guard_last_pair_mean", NumPyArray(float64: neutralGuard.lastPairMean ?? .nan))
        archive.set(
            "guard_pending_probe",
            NumPyArray(float64: [neutralGuard.pendingProbe?.reward ?? .nan, neutralGuard.pendingProbe?.pairBefore ?? .nan]))
        archive.set("guard_comparison_count", NumPyArray(int64: Int64(neutralGuard.comparisonCount)))
        archive.set("guard_comparison_statistics", NumPyArray(float64: [neutralGuard.comparisonMean, neutralGuard.comparisonSquares]))
        archive.set("guard_trips", NumPyArray(int64: Int64(neutralGuard.tripCount)))

        archive.set("step", NumPyArray(int64: Int64(stepCount)))
        archive.set("bad_steps", NumPyArray(int64: Int64(badStepCount)))
        archive.set("exploration_seed", NumPyArray(int64: Int64(bitPattern: explorationSeed)))
        archive.set("is_frozen", NumPyArray(bool: isFrozen))
        archive.set("last_reward", NumPyArray(float64: lastReward ?? .nan))
        archive.set("knobs", NumPyArray(float32: knobs.flatMap { [$0.scale, $0.clip, $0.dampen] }, shape: [groupCount, 3]))
        archive.set("mean_knobs", NumPyArray(float32: meanKnobs.flatMap { [$0.scale, $0.clip, $0.dampen] }, shape: [groupCount, 3]))
        archive.set("norm_ceilings", NumPyArray(float32: ceilings))

        archive.set("loss_history", NumPyArray(float64: lossObserver.history.timeOrdered))
        archive.set("loss_recorded_count", NumPyArray(int64: Int64(lossObserver.recordedCount)))

        appendGroupObservers(to: &archive)
        return archive
    }

    private func appendGroupObservers(to archive: inout NPZArchive) {
        let groupCount = self.groupCount
        let window = configuration.gradientWindow
        let sampleLimit = GroupObserver.sampleLimit

        func padded(_ values: [Double]) -> [Double] {
            values + [Double](repeating: 0, count: window - values.count)
        }

        archive.set("group_norm_counts", NumPyArray(int64: groupObservers.map { Int64($0.normCount) }))
        archive.set(
            "group_norm_statistics",
            NumPyArray(
                float64: groupObservers.flatMap { [$0.logNormMean, $0.logNormVariance, $0.fastLogNorm] },
                shape: [groupCount, 3]))
        archive.set("group_log_norms", NumPyArray(float64: groupObservers.flatMap { padded($0.logNorms.timeOrdered) }, shape: [groupCount, window]))
        archive.set("group_log_norm_counts", NumPyArray(int64: groupObservers.map { Int64($0.logNorms.count) }))
        archive.set("group_cosines", NumPyArray(float64: groupObservers.flatMap { padded($0.cosines.timeOrdered) }, shape: [groupCount, window]))
        archive.set("group_cosine_counts", NumPyArray(int64: groupObservers.map { Int64($0.cosines.count) }))
        archive.set(
            "group_previous_samples",
            NumPyArray(float32: groupObservers.flatMap { $0.previousSample.map { Float($0) } }, shape: [groupCount, sampleLimit]))
        archive.set("group_previous_sample_lengths", NumPyArray(int64: groupObservers.map { Int64($0.previousSampleLength) }))
        archive.set("group_previous_gradient_counts", NumPyArray(int64: groupObservers.map { Int64($0.previousGradientCount) }))
        archive.set(
            "group_features",
            NumPyArray(float32: groupObservers.flatMap(\.features), shape: [groupCount, GroupObserver.featureCount]))
    }
}
