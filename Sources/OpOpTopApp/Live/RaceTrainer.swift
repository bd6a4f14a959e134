import OpOpTrace

/// Trains the brain-wrapped optimizer and the bare one in lockstep on one thread, for
/// `opop-top run --race`.
///
/// Each round trains one step of the brain run and then the same step of the bare run,
/// so both advance at the same rate whatever a step of each costs, and a stop ends both
/// at the same step. Both trainers are built from the same plan apart from the brain,
/// so their workloads start from the same weights and draw the same minibatches.
/// Dashboard commands go to the brain run; each run's control socket still serves its
/// own run.
final class RaceTrainer: TrainingLoop {
    let brain: Trainer
    let bare: Trainer

    private(set) var endProblems: [String] = []

    init(brain: Trainer, bare: Trainer) {
        precondition(brain.plan.useBrain && !bare.plan.useBrain, "a race needs a brain run and a bare run, in that order")
        precondition(
            brain.plan.steps == bare.plan.steps,
            "both runs of a race need the same step count, not \(brain.plan.steps) and \(bare.plan.steps)"
        )
        self.brain = brain
        self.bare = bare
    }

    /// Trains both runs until the plan's last step, a `.stop` command or an error in
    /// either, and returns how the race ended. A failure names the run that failed, and
    /// the other run ends as stopped.
    func run(commands: Mailbox<TrainerCommand>) -> TrainerOutcome {
        brain.begin()
        bare.begin()

        let steps = brain.plan.steps
        var brainOutcome = TrainerOutcome.finished(steps: steps)
        var bareOutcome = TrainerOutcome.finished(steps: steps)
        var outcome = TrainerOutcome.finished(steps: steps)

        racing: while brain.completedSteps < steps {
            for command in commands.drain().items {
                if command == .stop {
                    outcome = .stopped(steps: brain.completedSteps)
                    brainOutcome = outcome
                    bareOutcome = .stopped(steps: bare.completedSteps)
                    break racing
                }
                brain.apply(command)
            }

            if let failure = brain.advance() {
                brainOutcome = failure
                bareOutcome = .stopped(steps: bare.completedSteps)
                outcome = Self.named(failure, run: RaceDirectory.brainName)
                break racing
            }
            if let failure = bare.advance() {
                bareOutcome = failure
                brainOutcome = .stopped(steps: brain.completedSteps)
                outcome = Self.named(failure, run: RaceDirectory.bareName)
                break racing
            }
        }

        brain.end(brainOutcome)
        bare.end(bareOutcome)
        endProblems = brain.endProblems.map { "the brain run: " + $0 } + bare.endProblems.map { "the bare run: " + $0 }
        return outcome
    }

    /// Returns a failure whose message starts with the run that failed.
    private static func named(_ failure: TrainerOutcome, run side: String) -> TrainerOutcome {
        guard case .failed(let steps, let message) = failure else { return failure }
        return .failed(steps: steps, message: "the \(side) run: \(message)")
    }
}
