import Foundation
import OpOpBrain
import OpOpTerminal
import OpOpTrace

/// Runs `opop-top run` with parsed options (`runRace` with `--race`) and returns the exit status: 0 when training
/// finished or the user quit, 1 on an error, 128 plus the signal number after SIGINT,
/// SIGTERM or SIGHUP.
///
/// Everything that can fail before training (the terminal, the run directory, the
/// workload's data, the optimizer's settings) is checked first and reported as one line.
/// The run directory's path is printed on exit whatever happened after it was created.
public func runTraining(_ options: RunOptions) -> Int32 {
    if options.race {
        return runRace(options)
    }

    let plan: TrainingPlan
    do {
        plan = try TrainingPlan(options: options)
    } catch {
        writeToStandardError("opop-top: \(error.message)\n")
        return UsageError.exitStatus
    }

    // The screen opens first, so a missing terminal is reported before a run directory
    // is made for nothing.
    let screen: TerminalScreen?
    do {
        screen = try openScreenUnlessPlain(options.plain, plainUse: "print progress as text")
    } catch {
        return 1
    }

    // About 6 s of records at 10,000 steps/s, so a stalled terminal costs tens of
    // megabytes at most; the trace writer keeps every record regardless.
    let output = Mailbox<TraceRecord>(capacity: 1 << 16)
    let commands = Mailbox<TrainerCommand>(capacity: 1024)
    let runDirectory: RunDirectory
    let trainer: Trainer
    do {
        runDirectory = try RunDirectory.create(path: options.runDirectory, workload: plan.workload, now: Date())
        trainer = try Trainer(plan: plan, runDirectory: runDirectory, output: output)
    } catch {
        screen?.close()
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }

    let thread = TrainerThread(trainer: trainer)
    thread.start(commands: commands)

    let outcome: TrainerOutcome
    var signal: Int32?
    if let screen {
        let session = LiveSession(trainerThread: thread, commands: commands, output: output)
        switch session.run(on: screen) {
        case .quit(let result):
            outcome = result
        case .signal(let number, let result):
            outcome = result
            signal = number
        }
        screen.close()
        for message in session.errorMessages {
            writeToStandardError("opop-top: \(message)\n")
        }
    } else {
        TerminationSignals.install()
        let progress = PlainProgress(totalSteps: plan.steps, trainerThread: thread, commands: commands, output: output)
        let result = progress.run(write: writeToStandardOutput, stopSignal: { TerminationSignals.pending })
        TerminationSignals.uninstall()
        outcome = result.outcome
        signal = result.signal
    }

    writeToStandardOutput("\(Trainer.describe(outcome))\nrun directory: \(runDirectory.path)\n")
    return trainingExitStatus(outcome: outcome, signal: signal, endProblems: thread.endProblems)
}

extension TrainingPlan {
    /// Resolves parsed options into a plan. The parser has checked names and signs, and
    /// this checks the range of Float, which the brain computes in. So `--lr 1e-300`,
    /// which rounds to 0 as a Float, is a usage error that names the option.
    init(options: RunOptions) throws(UsageError) {
        guard let optimizer = OptimizerKind(rawValue: options.optimizer) else {
            throw UsageError("unknown optimizer '\(options.optimizer)' (choices: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }

        let learningRate = Float(options.learningRate)
        guard learningRate.isFinite && learningRate >= Float.leastNormalMagnitude else {
            throw UsageError(
                "invalid value '\(options.learningRate)' for --lr; it must lie between \(Float.leastNormalMagnitude) and \(Float.greatestFiniteMagnitude), the range of a Float"
            )
        }

        self.init(
            workload: options.workload,
            optimizer: optimizer,
            learningRate: learningRate,
            steps: options.steps,
            seed: options.seed,
            exploration: options.exploration.map(Float.init),
            useBrain: options.usesBrain,
            evaluationInterval: 100
        )
    }
}
