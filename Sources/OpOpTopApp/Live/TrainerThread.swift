import Foundation
import Synchronization
import OpOpTrace

/// A training loop that a `TrainerThread` runs: one `Trainer`, or a `RaceTrainer` that
/// steps two of them.
protocol TrainingLoop: AnyObject {
    /// Trains until the plan's last step, a `.stop` command or an error, reading
    /// commands between steps, and returns how it ended.
    func run(commands: Mailbox<TrainerCommand>) -> TrainerOutcome
    /// What the ended run failed to keep, as sentences; set before `run` returns.
    var endProblems: [String] { get }
}

/// Runs a `TrainingLoop` on a thread of its own and hands back how it ended.
///
/// The loop is built on the calling thread and then used by the new thread only.
/// Nothing else touches it after `start`, so the class can be `Sendable` although
/// `Trainer` is not.
final class TrainerThread: @unchecked Sendable {
    private let trainer: any TrainingLoop
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<TrainerOutcome?>(nil)
    private let problems = Mutex<[String]>([])

    init(trainer: any TrainingLoop) {
        self.trainer = trainer
    }

    /// Starts training. Commands are read from `commands` between steps; records reach
    /// the dashboard through the mailbox each trainer was built with.
    func start(commands: Mailbox<TrainerCommand>) {
        let thread = Thread { [self] in
            let result = trainer.run(commands: commands)
            problems.withLock { $0 = trainer.endProblems }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.name = "opop-trainer"
        thread.start()
    }

    /// The outcome of training, or nil while it runs.
    var result: TrainerOutcome? {
        outcome.withLock { $0 }
    }

    /// The problems of an ended run, as `Trainer.endProblems` describes them.
    var endProblems: [String] {
        problems.withLock { $0 }
    }

    /// Blocks until training has ended and returns how.
    func wait() -> TrainerOutcome {
        finished.wait()
        finished.signal()
        return outcome.withLock { $0! }
    }
}
