import Foundation
import Synchronization
import OpOpBrain
import OpOpTrace
import OpOpWorkloads

/// The settings of one training run, resolved from the command line.
struct TrainingPlan: Sendable {
    var workload: String
    var optimizer: OptimizerKind
    var learningRate: Float
    var steps: Int
    var seed: UInt64
    /// The brain's exploration standard deviation; nil keeps the brain's default.
    var exploration: Float?
    /// False trains the bare optimizer with no brain, for comparison.
    var useBrain: Bool
    /// Steps between held-out evaluations.
    var evaluationInterval: Int
}

/// The end of a training run: all planned steps done, stopped early, or failed.
enum TrainerOutcome: Sendable, Equatable {
    case finished(steps: Int)
    case stopped(steps: Int)
    case failed(steps: Int, message: String)
}

/// Trains one workload step by step, applying dashboard commands between steps, and
/// writes every step, evaluation and event to the run's trace and to `output`.
///
/// A trainer is built on the main thread, so that bad settings are reported before the
/// screen opens, and then owned by the training thread alone.
final class Trainer {
    let plan: TrainingPlan
    let runDirectory: RunDirectory
    let header: TraceHeader

    private let workload: Workload
    private let base: BaseOptimizer
    private let brain: Brain?
    private let wrapper: BrainOptimizer?
    private let writer: TraceWriter
    private var step = 0
    /// A copy of `step` for the trace writer's error handler, which runs on the writer's
    /// thread and so cannot read `step`.
    private let stepForWriterErrors: StepCounter
    private var lastBadValueEvent = -1

    /// Builds the workload, the optimizer, the brain and the trace writer. Trace write
    /// errors, which happen on the writer's thread, are sent to `output` as error events.
    init(plan: TrainingPlan, runDirectory: RunDirectory, output: Mailbox<TraceRecord>, now: Date = Date()) throws {
        self.plan = plan
        self.runDirectory = runDirectory

        workload = try WorkloadCatalog.make(name: plan.workload, seed: plan.seed)
        base = try makeOptimizer(kind: plan.optimizer, learningRate: plan.learningRate)

        let groupNames = workload.groups.map(\.name)
        if plan.useBrain {
            var configuration = BrainConfiguration(groupNames: groupNames)
            configuration.seed = plan.seed
            if let exploration = plan.exploration {
                configuration.explorationStd = exploration
            }
            let brain = try Brain(configuration: configuration)
            self.brain = brain
            wrapper = BrainOptimizer(base: base, brain: brain)
        } else {
            brain = nil
            wrapper = nil
        }

        header = TraceHeader(
            runName: (runDirectory.path as NSString).lastPathComponent,
            workload: plan.workload,
            groupNames: groupNames,
            optimizer: base.name,
            optimizerSettings: base.settings,
            brainSettings: brain?.configuration.settings ?? [:],
            startTime: now.timeIntervalSince1970
        )
        // The error event carries the latest finished step, because the dashboard ignores
        // events with a negative step and would then show no reason for the failure.
        let stepCounter = StepCounter()
        stepForWriterErrors = stepCounter
        writer = try TraceWriter(path: runDirectory.tracePath, errorHandler: { error in
            output.send(.event(EventRecord(
                step: stepCounter.load(), wallTime: Date().timeIntervalSince1970, kind: .error,
                message: "writing the trace failed, training continues: \(error)"
            )))
        })
    }

    /// Runs until the planned step count, a `.stop` command or an error, and returns how
    /// it ended. Call it on the training thread only.
    func run(commands: Mailbox<TrainerCommand>, output: Mailbox<TraceRecord>) -> TrainerOutcome {
        flushSubnormalsToZeroOnThisThread()
        publish(.header(header), to: output)
        publish(event(.trainerStart, message: "training \(plan.workload) with \(base.name), \(plan.steps) steps"), to: output)

        var outcome = TrainerOutcome.finished(steps: plan.steps)
        training: while step < plan.steps {
            for command in commands.drain().items {
                if command == .stop {
                    outcome = .stopped(steps: step)
                    break training
                }
                apply(command, output: output)
            }

            do {
                try trainOneStep(output: output)
                if step % plan.evaluationInterval == 0 || step == plan.steps {
                    try evaluate(output: output)
                }
            } catch {
                outcome = .failed(steps: step, message: "\(error)")
                publish(event(.error, message: "training stopped: \(error)"), to: output)
                break training
            }
        }

        // The final brain is saved whatever ended the run, so it can be loaded or
        // compared later without the user having pressed `s` in time.
        if brain != nil && step > 0 {
            if let failure = saveSnapshot(output: output, whenFailing: "the final snapshot failed") {
                endProblems.append("the final brain was not saved: \(failure)")
            }
        }
        publish(event(.trainerEnd, message: Self.describe(outcome)), to: output)
        writer.close()
        if let problem = Self.describeTraceProblem(dropped: writer.droppedRecordCount, error: writer.lastError) {
            endProblems.append(problem)
        }
        return outcome
    }

    /// Sentences about what the run failed to keep, such as a final snapshot that could not
    /// be written or records the trace lost. `run` sets them before it returns.
    private(set) var endProblems: [String] = []

    /// The step of the latest snapshot, so that a second request at the same step, which
    /// would write the same brain to the same file, only reports the first file.
    private var lastSnapshot: (step: Int, path: String)?

    static func describeTraceProblem(dropped: Int, error: TraceWriterError?) -> String? {
        switch (dropped, error) {
        case (0, nil):
            return nil
        case (0, let error?):
            return "writing the trace reported an error, but no record was lost: \(error)"
        case (let dropped, let error?):
            return "the trace is missing \(dropped) records because writing it failed: \(error)"
        case (let dropped, nil):
            return "the trace is missing \(dropped) records because writing it fell behind the trainer"
        }
    }

    static func describe(_ outcome: TrainerOutcome) -> String {
        switch outcome {
        case .finished(let steps): "training finished after \(steps) steps"
        case .stopped(let steps): "training stopped at step \(steps)"
        case .failed(let steps, let message): "training failed at step \(steps): \(message)"
        }
    }

    private func trainOneStep(output: Mailbox<TraceRecord>) throws {
        let loss = try workload.trainingStep()
        let groups = workload.groups
        step += 1
        stepForWriterErrors.store(step)

        let record: StepRecord
        if let wrapper {
            let report = try wrapper.step(groups, loss: loss)
            record = StepRecord(
                step: step,
                wallTime: Date().timeIntervalSince1970,
                loss: loss,
                reward: report.reward,
                baseline: report.baseline,
                groups: report.knobs.indices.map { index in
                    let knobs = report.knobs[index]
                    return GroupStep(
                        scale: Double(knobs.scale),
                        clip: Double(knobs.clip),
                        dampen: Double(knobs.dampen),
                        gradientNorm: Double(report.gradientNorms[index])
                    )
                }
            )
            publish(.step(record), to: output)
            if report.brainUpdated {
                publish(event(.brainUpdate, message: "brain updated at step \(step)"), to: output)
            }
            if report.badValue {
                reportBadValue(loss: loss, output: output)
            }
        } else {
            let norms = groups.map { group in
                Double(group.gradient.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot())
            }
            try base.step(groups)
            record = StepRecord(
                step: step,
                wallTime: Date().timeIntervalSince1970,
                loss: loss,
                reward: nil,
                baseline: nil,
                groups: norms.map { GroupStep(scale: 1, clip: 1, dampen: 0, gradientNorm: $0) }
            )
            publish(.step(record), to: output)
            if !loss.isFinite {
                reportBadValue(loss: loss, output: output)
            }
        }
    }

    /// Writes a bad-value event for the first bad step and then at most one per 100
    /// steps, so a run that diverges does not fill its trace with identical events.
    private func reportBadValue(loss: Double, output: Mailbox<TraceRecord>) {
        guard lastBadValueEvent < 0 || step - lastBadValueEvent >= 100 else { return }
        lastBadValueEvent = step
        let badValue = loss.isFinite ? "a non-finite gradient" : "loss \(loss)"
        publish(event(.badValue, message: "step \(step) had \(badValue); the brain did not learn from it"), to: output)
    }

    private func evaluate(output: Mailbox<TraceRecord>) throws {
        let metrics = try workload.evaluate().map { Metric(name: $0.name, value: $0.value) }
        let record = EvaluationRecord(step: step, wallTime: Date().timeIntervalSince1970, metrics: metrics)
        publish(.evaluation(record), to: output)
    }

    private func apply(_ command: TrainerCommand, output: Mailbox<TraceRecord>) {
        guard let brain, let wrapper else {
            publish(event(.note, message: "this run has no brain (--no-brain): nothing to freeze, reset or save"), to: output)
            return
        }

        switch command {
        case .toggleFreeze:
            if brain.isFrozen {
                brain.unfreeze()
                publish(event(.unfreeze, message: "brain unfrozen at step \(step)"), to: output)
            } else {
                brain.freeze()
                publish(event(.freeze, message: "brain frozen at step \(step)"), to: output)
            }

        case .resetGroup(let index):
            do {
                try wrapper.reset(group: index)
                let name = header.groupNames[index]
                publish(event(.reset, group: name, message: "group \(name) reset to neutral at step \(step)"), to: output)
            } catch {
                publish(event(.error, message: "reset failed: \(error)"), to: output)
            }

        case .resetAll:
            wrapper.resetAll()
            publish(event(.reset, message: "all \(header.groupNames.count) groups reset to neutral at step \(step)"), to: output)

        case .snapshot:
            _ = saveSnapshot(output: output, whenFailing: "snapshot failed, training continues")

        case .stop:
            break
        }
    }

    /// Saves the brain to the snapshot file of the current step and publishes the event.
    /// Returns the error's description when saving failed, after publishing an error
    /// event that starts with `failurePrefix`.
    private func saveSnapshot(output: Mailbox<TraceRecord>, whenFailing failurePrefix: String) -> String? {
        guard let brain else { return nil }

        if let lastSnapshot, lastSnapshot.step == step {
            publish(event(.note, message: "the brain at step \(step) is already saved in \(lastSnapshot.path)"), to: output)
            return nil
        }

        let path = runDirectory.snapshotPath(step: step)
        do {
            try brain.saveCheckpoint(to: path)
            writer.flush(sync: true)
            lastSnapshot = (step, path)
            publish(event(.snapshot, path: path, message: "snapshot saved to \(path)"), to: output)
            return nil
        } catch {
            publish(event(.error, message: "\(failurePrefix): \(error)"), to: output)
            return "\(error)"
        }
    }

    private func event(_ kind: EventRecord.Kind, group: String? = nil, path: String? = nil, message: String) -> TraceRecord {
        .event(EventRecord(step: step, wallTime: Date().timeIntervalSince1970, kind: kind, group: group, path: path, message: message))
    }

    private func publish(_ record: TraceRecord, to output: Mailbox<TraceRecord>) {
        writer.append(record)
        output.send(record)
    }
}

/// A step number that one thread stores and others read.
private final class StepCounter: Sendable {
    private let value = Atomic<Int>(0)

    func store(_ step: Int) {
        value.store(step, ordering: .relaxed)
    }

    func load() -> Int {
        value.load(ordering: .relaxed)
    }
}
