import Foundation
import Synchronization
import OpOpTrace

/// Runs a `Trainer` on a thread of its own and hands back how it ended.
///
/// The trainer is built on the calling thread and then used by the new thread only.
/// Nothing else touches it after `start`, so the class can be `Sendable` although
/// `Trainer` is not.
final class TrainerThread: @unchecked Sendable {
    private let trainer: Trainer
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<TrainerOutcome?>(nil)
    private let problems = Mutex<[String]>([])

    init(trainer: Trainer) {
        self.trainer = trainer
    }

    /// Starts training. Commands are read from `commands` between steps, and every
    /// record is sent to `output` as well as to the trace.
    func start(commands: Mailbox<TrainerCommand>, output: Mailbox<TraceRecord>) {
        let thread = Thread { [self] in
            let result = trainer.run(commands: commands, output: output)
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
