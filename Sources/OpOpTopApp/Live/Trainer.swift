import Foundation
import OpOpBrain
import OpOpRecorder
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

/// Trains one workload step by step, applying dashboard and control-socket commands
/// between steps, and records every step, evaluation and event through a `RunRecorder`,
/// which writes the trace, serves the run's control socket and also sends each record to
/// `output`.
///
/// A trainer is built on the main thread, so that bad settings are reported before the
/// screen opens, and then owned by the training thread alone.
final class Trainer: TrainingLoop {
    let plan: TrainingPlan
    let runDirectory: RunDirectory
    let header: TraceHeader

    private let workload: Workload
    private let base: BaseOptimizer
    private let brain: Brain?
    private let wrapper: BrainOptimizer?
    private let recorder: RunRecorder
    private var step = 0
    private var lastBadValueEvent = -1

    /// The message a dashboard key gets in a run without a brain, as a `note` event.
    static let noBrainNote = "this run has no brain (--no-brain): nothing to freeze, reset or save"

    /// Builds the workload, the optimizer, the brain and the recorder, which opens the
    /// trace and starts serving the control socket. Trace write errors, which happen on
    /// the writer's thread, are sent to `output` as error events. `runName` goes into
    /// the trace header, and defaults to the run directory's name.
    init(
        plan: TrainingPlan, runDirectory: RunDirectory, output: Mailbox<TraceRecord>,
        servesControlSocket: Bool = true, runName: String? = nil, now: Date = Date()
    ) throws {
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
            runName: runName ?? (runDirectory.path as NSString).lastPathComponent,
            workload: plan.workload,
            groupNames: groupNames,
            optimizer: base.name,
            optimizerSettings: base.settings,
            brainSettings: brain?.configuration.settings ?? [:],
            startTime: now.timeIntervalSince1970
        )

        var options = RunRecorder.Options()
        options.servesControlSocket = servesControlSocket
        options.recordObserver = { output.send($0) }
        // The error event carries the latest finished step, because the dashboard ignores
        // events with a negative step and would then show no reason for the failure.
        options.writerErrorHandler = { error, step in
            output.send(.event(EventRecord(
                step: step, wallTime: Date().timeIntervalSince1970, kind: .error,
                message: "writing the trace failed, training continues: \(error)"
            )))
        }
        let controls: RunRecorder.Controls = wrapper.map { .optimizer($0) } ?? .none
        recorder = try RunRecorder(runDirectory: runDirectory, header: header, controls: controls, options: options)
    }

    /// Runs until the planned step count, a `.stop` command or an error, and returns how
    /// it ended. Call it on the training thread only.
    func run(commands: Mailbox<TrainerCommand>) -> TrainerOutcome {
        begin()

        var outcome = TrainerOutcome.finished(steps: plan.steps)
        training: while step < plan.steps {
            for command in commands.drain().items {
                if command == .stop {
                    outcome = .stopped(steps: step)
                    break training
                }
                apply(command)
            }
            if let failure = advance() {
                outcome = failure
                break training
            }
        }
        end(outcome)
        return outcome
    }

    /// The steps trained so far.
    var completedSteps: Int { step }

    /// Prepares the training thread and records the start event. `run` calls it, and a
    /// loop that steps several trainers itself calls it once for each, on the training
    /// thread, before the first `advance`.
    func begin() {
        flushSubnormalsToZeroOnThisThread()
        recorder.recordEvent(.trainerStart, message: "training \(plan.workload) with \(base.name), \(plan.steps) steps")
    }

    /// Applies pending control-socket commands, trains one step and evaluates when the
    /// step is due. Returns the failed outcome when the step threw, after recording an
    /// error event, and nil otherwise.
    func advance() -> TrainerOutcome? {
        recorder.applyControlCommands()

        do {
            try trainOneStep()
            if step % plan.evaluationInterval == 0 || step == plan.steps {
                try evaluate()
            }
            return nil
        } catch {
            recorder.recordEvent(.error, message: "training stopped: \(error)")
            return .failed(steps: step, message: "\(error)")
        }
    }

    /// Stops serving the control socket, saves the final brain, records the end event
    /// and closes the trace. Call it once, after the last `advance`.
    func end(_ outcome: TrainerOutcome) {
        // Commands sent from now on cannot be applied, so their senders get an error reply.
        recorder.stopServing()

        // The final brain is saved whatever ended the run, so it can be loaded or
        // compared later without the user having pressed `s` in time.
        if brain != nil && step > 0 {
            if case .failure(let failure) = recorder.saveSnapshot(failurePrefix: "the final snapshot failed") {
                endProblems.append("the final brain was not saved: \(failure.message)")
            }
        }
        recorder.recordEvent(.trainerEnd, message: Self.describe(outcome))
        recorder.close()
        if let problem = Self.describeTraceProblem(dropped: recorder.writer.droppedRecordCount, error: recorder.writer.lastError) {
            endProblems.append(problem)
        }
    }

    /// Sentences about what the run failed to keep, such as a final snapshot that could not
    /// be written or records the trace lost. `run` sets them before it returns.
    private(set) var endProblems: [String] = []

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

    private func trainOneStep() throws {
        let loss = try workload.trainingStep()
        let groups = workload.groups
        step += 1

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
            recorder.record(step: record)
            if report.brainUpdated {
                recorder.recordEvent(.brainUpdate, message: "brain updated at step \(step)")
            }
            if report.badValue {
                reportBadValue(loss: loss)
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
            recorder.record(step: record)
            if !loss.isFinite {
                reportBadValue(loss: loss)
            }
        }
    }

    /// Writes a bad-value event for the first bad step and then at most one per 100
    /// steps, so a run that diverges does not fill its trace with identical events.
    private func reportBadValue(loss: Double) {
        guard lastBadValueEvent < 0 || step - lastBadValueEvent >= 100 else { return }
        lastBadValueEvent = step
        let badValue = loss.isFinite ? "a non-finite gradient" : "loss \(loss)"
        recorder.recordEvent(.badValue, message: "step \(step) had \(badValue); the brain did not learn from it")
    }

    private func evaluate() throws {
        let metrics = try workload.evaluate().map { Metric(name: $0.name, value: $0.value) }
        recorder.record(evaluation: EvaluationRecord(step: step, wallTime: Date().timeIntervalSince1970, metrics: metrics))
    }

    /// Applies a dashboard key through the recorder, as a control-socket command would
    /// be. A run without a brain gets a note instead, which the status line shows.
    func apply(_ command: TrainerCommand) {
        guard let brain else {
            recorder.recordEvent(.note, message: Self.noBrainNote)
            return
        }

        switch command {
        case .toggleFreeze:
            _ = recorder.apply(brain.isFrozen ? .unfreeze : .freeze)
        case .resetGroup(let index):
            guard header.groupNames.indices.contains(index) else {
                let error = BrainError.groupIndexOutOfRange(index: index, groupCount: header.groupNames.count)
                recorder.recordEvent(.error, message: "reset failed: \(error)")
                return
            }
            _ = recorder.apply(.reset(group: header.groupNames[index]))
        case .resetAll:
            _ = recorder.apply(.resetAll)
        case .snapshot:
            _ = recorder.saveSnapshot(failurePrefix: "snapshot failed, training continues")
        case .stop:
            break
        }
    }
}
