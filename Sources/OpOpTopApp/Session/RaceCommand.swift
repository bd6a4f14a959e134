import Foundation
import OpOpTerminal
import OpOpTrace

/// Runs `opop-top run --race` and returns the exit status, as `runTraining` does for
/// one run: 0 when the race finished or the user quit, 1 on an error, 128 plus the
/// signal number after SIGINT, SIGTERM or SIGHUP.
///
/// Both runs get the same plan apart from the brain, so they share the workload's
/// data, seed and initial weights. On exit it prints how the race ended, both run
/// directories and the command that overlays them in a replay.
func runRace(_ options: RunOptions) -> Int32 {
    let brainPlan: TrainingPlan
    do {
        brainPlan = try TrainingPlan(options: options)
    } catch {
        writeToStandardError("opop-top: \(error.message)\n")
        return UsageError.exitStatus
    }
    var barePlan = brainPlan
    barePlan.useBrain = false
    barePlan.exploration = nil

    let screen: TerminalScreen?
    do {
        screen = try openScreenUnlessPlain(options.plain, plainUse: "print progress as text")
    } catch {
        return 1
    }

    // Each run gets the mailbox of a single run, so a stalled display buffers at most
    // twice the records of a single run.
    let brainOutput = Mailbox<TraceRecord>(capacity: 1 << 16)
    let bareOutput = Mailbox<TraceRecord>(capacity: 1 << 16)
    let commands = Mailbox<TrainerCommand>(capacity: 1024)
    let directory: RaceDirectory
    let race: RaceTrainer
    do {
        directory = try RaceDirectory.create(path: options.runDirectory, workload: brainPlan.workload, now: Date())
        let name = (directory.path as NSString).lastPathComponent
        let brain = try Trainer(
            plan: brainPlan, runDirectory: directory.brain, output: brainOutput, runName: name + "/" + RaceDirectory.brainName
        )
        let bare = try Trainer(
            plan: barePlan, runDirectory: directory.bare, output: bareOutput, runName: name + "/" + RaceDirectory.bareName
        )
        race = RaceTrainer(brain: brain, bare: bare)
    } catch {
        screen?.close()
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }

    let thread = TrainerThread(trainer: race)
    thread.start(commands: commands)

    let outcome: TrainerOutcome
    var signal: Int32?
    if let screen {
        let session = RaceSession(
            trainerThread: thread, commands: commands, brainOutput: brainOutput, bareOutput: bareOutput,
            name: (directory.path as NSString).lastPathComponent
        )
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
        let progress = PlainRace(
            totalSteps: brainPlan.steps, trainerThread: thread, commands: commands,
            brainOutput: brainOutput, bareOutput: bareOutput
        )
        let result = progress.run(write: writeToStandardOutput, stopSignal: { TerminationSignals.pending })
        TerminationSignals.uninstall()
        outcome = result.outcome
        signal = result.signal
    }

    writeToStandardOutput(describeEnd(of: directory, outcome: outcome))
    return trainingExitStatus(outcome: outcome, signal: signal, endProblems: thread.endProblems)
}

/// Returns the lines printed after a race: how it ended, where each run is, and the
/// replay command that overlays them, starting with `program`.
func describeEnd(of directory: RaceDirectory, outcome: TrainerOutcome, program: String = invokedProgram()) -> String {
    let replay = "\(shellQuoted(program)) replay \(shellQuoted(directory.brain.path)) \(shellQuoted(directory.bare.path))"
    return """
        race: \(Trainer.describe(outcome))
        run directory: \(directory.path)
        brain run: \(directory.brain.path)
        bare run: \(directory.bare.path)
        compare them: \(replay)

        """
}

/// Returns the program as the user invoked it, such as `.build/release/opop-top`, so a
/// printed command runs as pasted; `opop-top` when the name is unknown.
func invokedProgram() -> String {
    let name = CommandLine.arguments.first ?? ""
    return name.isEmpty ? "opop-top" : name
}

/// Quotes `text` for a POSIX shell when it contains anything but letters, digits and
/// `/._-+:,@%=`, so a printed command can be pasted as it is.
private func shellQuoted(_ text: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:,@%=")
    guard text.isEmpty || !text.allSatisfy(safe.contains) else { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
