import Foundation
import OpOpBrain
import OpOpTrace

/// The files a finished run wrote and the brain that trained, for `readBack`.
struct FinishedRun {
    var directory: RunDirectory
    var checkpointPath: String
    var steps: Int
    /// The brain as training left it, to compare with the checkpoint.
    var brain: Brain
}

/// The training task's name in the trace header and the default run directory.
let workloadName = "logistic-regression"

/// Trains the model for `options.steps` full-batch steps, writing every step to the
/// run's trace, and saves the brain's checkpoint at the end.
func train(_ options: Options) throws -> FinishedRun {
    // A hidden logistic model with 8 features labels 1,024 training and 512 held-out
    // examples.
    var generator = SeededGenerator(seed: options.seed)
    let trueWeights = (0..<8).map { _ in Float(generator.nextNormal()) }
    let trainingData = Dataset.sample(count: 1024, trueWeights: trueWeights, trueBias: -0.5, generator: &generator)
    let testData = Dataset.sample(count: 512, trueWeights: trueWeights, trueBias: -0.5, generator: &generator)
    var model = LogisticRegression(featureCount: trueWeights.count)

    // The brain decides one set of knobs per group, and the optimizer applies them.
    var configuration = BrainConfiguration(groupNames: LogisticRegression.groupNames)
    configuration.seed = options.seed
    configuration.explorationStd = options.exploration
    let brain = try Brain(configuration: configuration)
    var optimizer = SteeredSGD(learningRate: options.learningRate, groupSizes: [model.weight.count, model.bias.count])

    // The run directory and its trace, which starts with the header.
    let start = Date()
    let run = try RunDirectory.create(path: options.runDirectory, workload: workloadName, now: start)
    let writer = try TraceWriter(path: run.tracePath)
    // The Float's shortest decimal text, so the header contains 0.05 and not 0.05000000074505806.
    let learningRateSetting = Double("\(options.learningRate)") ?? Double(options.learningRate)
    writer.append(.header(TraceHeader(
        runName: URL(fileURLWithPath: run.path).lastPathComponent,
        workload: workloadName,
        groupNames: LogisticRegression.groupNames,
        optimizer: "sgd",
        optimizerSettings: ["lr": learningRateSetting],
        brainSettings: configuration.settings,
        startTime: start.timeIntervalSince1970)))
    writer.append(event(.trainerStart, step: 0, message: "training \(workloadName) with sgd, \(options.steps) steps"))
    print(
        "training \(workloadName): SGD lr \(options.learningRate) steered by a brain"
            + " (exploration \(options.exploration)), \(options.steps) full-batch steps")

    let reportInterval = max(1, options.steps / 8)
    for step in 1...options.steps {
        // A step decides on the loss at the current parameters, updates every group under
        // its knobs and then finishes, in the order the brain expects.
        let evaluation = model.evaluate(on: trainingData)
        let knobs = brain.decide(loss: evaluation.loss)
        let weightNorm = optimizer.step(
            group: 0, parameters: &model.weight, gradient: evaluation.weightGradient, knobs: knobs[0], brain: brain)
        let biasNorm = optimizer.step(
            group: 1, parameters: &model.bias, gradient: evaluation.biasGradient, knobs: knobs[1], brain: brain)
        brain.finishStep()

        let status = brain.status
        let norms = [weightNorm, biasNorm]
        writer.append(.step(StepRecord(
            step: step,
            wallTime: Date().timeIntervalSince1970,
            loss: evaluation.loss,
            reward: status.lastReward,
            baseline: status.baseline,
            groups: knobs.indices.map { group in
                GroupStep(
                    scale: Double(knobs[group].scale), clip: Double(knobs[group].clip),
                    dampen: Double(knobs[group].dampen), gradientNorm: norms[group])
            })))
        if brain.didUpdatePolicy {
            writer.append(event(.brainUpdate, step: step, message: "brain updated at step \(step)"))
        }

        if step % reportInterval == 0 || step == options.steps {
            let test = model.evaluate(on: testData)
            writer.append(.evaluation(EvaluationRecord(
                step: step, wallTime: Date().timeIntervalSince1970,
                metrics: [Metric(name: "accuracy", value: test.accuracy), Metric(name: "loss", value: test.loss)])))
            printProgress(step: step, trainingLoss: evaluation.loss, test: test, status: status)
        }
    }

    // The checkpoint goes where `opop-top` puts its snapshots, and a snapshot event in
    // the trace records its path.
    let checkpointPath = run.snapshotPath(step: options.steps)
    try brain.saveCheckpoint(to: checkpointPath)
    writer.append(event(.snapshot, step: options.steps, path: checkpointPath, message: "snapshot saved to \(checkpointPath)"))
    writer.append(event(.trainerEnd, step: options.steps, message: "training finished after \(options.steps) steps"))

    // `close` writes what is still queued and syncs the file. Write errors do not stop
    // the trainer, so they are checked here.
    writer.close()
    if let error = writer.lastError {
        throw error
    }
    return FinishedRun(directory: run, checkpointPath: checkpointPath, steps: options.steps, brain: brain)
}

private func event(_ kind: EventRecord.Kind, step: Int, path: String? = nil, message: String) -> TraceRecord {
    .event(EventRecord(step: step, wallTime: Date().timeIntervalSince1970, kind: kind, path: path, message: message))
}

/// Prints one progress line with the training loss, the held-out accuracy and each
/// group's scale at the policy's mean, without exploration noise.
private func printProgress(step: Int, trainingLoss: Double, test: LogisticRegression.Evaluation, status: BrainStatus) {
    let scales = zip(LogisticRegression.groupNames, status.meanKnobs)
        .map { name, knobs in "\(name) \(String(format: "%.2f", knobs.scale))x" }
        .joined(separator: " ")
    print(
        "step \(String(format: "%6d", step))"
            + "  training loss \(String(format: "%.4f", trainingLoss))"
            + "  test accuracy \(String(format: "%.3f", test.accuracy))"
            + "  scale \(scales)"
            + "  brain updates \(status.updates)")
}
