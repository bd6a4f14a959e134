import Foundation
import OpOpBrain
import OpOpRecorder
import OpOpTrace
import OpOpWorkloads

/// Trains `options.workload` step by step, recording every step through a `RunRecorder`
/// and applying control-socket commands between steps. Returns the closing line to print.
func train(_ options: Options) throws -> String {
    let workload = try WorkloadCatalog.make(name: options.workload, seed: options.seed)
    let base = try makeOptimizer(kind: .adam)
    let groupNames = workload.groups.map(\.name)

    var optimizer: BrainOptimizer?
    if options.usesBrain {
        var configuration = BrainConfiguration(groupNames: groupNames)
        configuration.seed = options.seed
        optimizer = BrainOptimizer(base: base, brain: try Brain(configuration: configuration))
    }

    // OPOP_RUN_DIR, when set, wins over --run-dir, because the opop-top that set it
    // watches that directory.
    let start = Date()
    let runDirectory = try RunRecorder.prepareRunDirectory(
        path: options.runDirectory, workload: workload.name, appending: options.appends, now: start
    )
    let appendsToTrace = runDirectory.containsTrace
    let header = TraceHeader(
        runName: URL(fileURLWithPath: runDirectory.path).lastPathComponent,
        workload: workload.name,
        groupNames: groupNames,
        optimizer: base.name,
        optimizerSettings: base.settings,
        brainSettings: optimizer?.brain.configuration.settings ?? [:],
        startTime: start.timeIntervalSince1970
    )
    let recorder = try RunRecorder(
        runDirectory: runDirectory, header: header, controls: optimizer.map { .optimizer($0) } ?? .none
    )
    say("run directory: \(runDirectory.path)")
    say("control socket: \(recorder.controlServer?.socketPath ?? "none")")

    let restartNote = appendsToTrace ? ", appended to the existing trace" : ""
    recorder.recordEvent(.trainerStart, message: "training \(workload.name) with \(base.name), \(options.steps) steps\(restartNote)")

    let reportInterval = max(1, options.steps / 10)
    var ending = "training finished after \(options.steps) steps"
    for step in 1...options.steps {
        recorder.applyControlCommands()
        if stopRequested.load(ordering: .relaxed) {
            ending = "training stopped at step \(step - 1)"
            break
        }

        let loss = try workload.trainingStep()
        try takeStep(step, loss: loss, workload: workload, base: base, optimizer: optimizer, recorder: recorder)

        if step % reportInterval == 0 || step == options.steps {
            let metrics = try workload.evaluate()
            recorder.record(evaluation: EvaluationRecord(
                step: step, wallTime: Date().timeIntervalSince1970,
                metrics: metrics.map { Metric(name: $0.name, value: $0.value) }
            ))
            let metricText = metrics.map { "\($0.name) \(String(format: "%.4f", $0.value))" }.joined(separator: "  ")
            let frozen = optimizer?.brain.isFrozen == true ? "  (brain frozen)" : ""
            say("step \(step)  training loss \(String(format: "%.4f", loss))  \(metricText)\(frozen)")
        }
        if options.stepDelayMilliseconds > 0 {
            usleep(UInt32(options.stepDelayMilliseconds) * 1000)
        }
    }

    // Commands sent from here on get an error reply instead of waiting for a step.
    recorder.stopServing()
    if optimizer != nil, recorder.step > 0 {
        if case .success(let saved) = recorder.saveSnapshot(failurePrefix: "the final snapshot failed") {
            say("final brain: \(saved.path)")
        }
    }
    recorder.recordEvent(.trainerEnd, message: ending)
    recorder.close()
    return ending
}

/// Takes one optimizer step, steered by the brain when there is one, and records it.
private func takeStep(
    _ step: Int, loss: Double, workload: any Workload, base: BaseOptimizer, optimizer: BrainOptimizer?, recorder: RunRecorder
) throws {
    let groups = workload.groups
    guard let optimizer else {
        let norms = groups.map { Double($0.gradient.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()) }
        try base.step(groups)
        recorder.record(step: StepRecord(
            step: step, wallTime: Date().timeIntervalSince1970, loss: loss, reward: nil, baseline: nil,
            groups: norms.map { GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: $0) }
        ))
        return
    }

    let report = try optimizer.step(groups, loss: loss)
    recorder.record(step: StepRecord(
        step: step, wallTime: Date().timeIntervalSince1970, loss: loss, reward: report.reward, baseline: report.baseline,
        groups: zip(report.knobs, report.gradientNorms).map { knobs, norm in
            GroupStep(scale: Double(knobs.scale), clip: Double(knobs.clip), dampen: Double(knobs.dampen), gradientNorm: Double(norm))
        }
    ))
    if report.brainUpdated {
        recorder.recordEvent(.brainUpdate, message: "brain updated at step \(step)")
    }
}
