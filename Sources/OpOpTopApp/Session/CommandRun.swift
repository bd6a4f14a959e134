import Foundation
import OpOpTerminal
import OpOpTrace

#if canImport(Glibc)
import Glibc
#endif

/// Runs `opop-top run -- COMMAND [ARGS...]` and returns the exit status.
///
/// A command that cannot be started is reported before the screen opens or a run
/// directory is made. The trainer gets `OPOP_RUN_DIR` (the new run directory, as an
/// absolute path) and `PYTHONUNBUFFERED=1`, and writes its output to `output.log`.
/// The exit status is the trainer's own when it ended while watched (128 plus the
/// signal number when a signal killed it), 0 when it was left running, and 128 plus
/// the signal number when a signal ended opop-top.
public func runCommand(_ options: CommandRunOptions) -> Int32 {
    let program: String
    do {
        program = try ChildProcess.resolve(options.command[0])
    } catch {
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }

    let screen: TerminalScreen?
    do {
        screen = try openScreenUnlessPlain(options.plain, plainUse: "follow the run as text")
    } catch {
        return 1
    }

    let runDirectory: RunDirectory
    let child: ChildProcess
    do {
        runDirectory = try RunDirectory.create(path: options.runDirectory, workload: WorkloadName.of(command: options.command), now: Date())
        child = try ChildProcess.start(
            program: program,
            arguments: Array(options.command.dropFirst()),
            environment: ["OPOP_RUN_DIR": absolutePath(runDirectory.path), "PYTHONUNBUFFERED": "1"],
            outputPath: runDirectory.path + "/output.log"
        )
    } catch {
        screen?.close()
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }

    let follower = RecordFollower(source: TraceReader(path: runDirectory.tracePath))
    defer { follower.stop() }
    let control = ControlLink(runDirectory: runDirectory.path)

    var trainerEnding: String?
    var signal: Int32?
    if let screen {
        let session = FollowSession(
            follower: follower, control: control, readOnlyMessage: "no control socket: the run is read-only",
            child: child, outputTail: OutputTail(path: runDirectory.path + "/output.log")
        )
        switch session.run(on: screen) {
        case .quit:
            break
        case .stoppedTrainer(let ending):
            trainerEnding = ending
        case .signal(let number):
            signal = number
        }
        screen.close()
        for message in session.errorMessages {
            writeToStandardError("opop-top: \(message)\n")
        }
    } else {
        TerminationSignals.install()
        let ending = PlainFollow(follower: follower, control: control, child: child)
            .run(write: writeToStandardOutput, stopSignal: { TerminationSignals.pending })
        TerminationSignals.uninstall()
        if case .signal(let number, let stopped) = ending {
            signal = number
            trainerEnding = stopped
        }
    }

    if let ending = child.poll() ?? trainerEnding {
        writeToStandardOutput("trainer ended: \(trainerEnding ?? ending)\n")
    } else {
        writeToStandardOutput("trainer left running: process \(child.processID) (stop it with 'kill -INT -\(child.processID)')\n")
    }
    writeToStandardOutput("run directory: \(runDirectory.path)\n")

    if let signal {
        return 128 + signal
    }
    guard let status = child.waitStatus else { return 0 }
    let killedBy = status & 0x7f
    return killedBy == 0 ? (status >> 8) & 0xff : 128 + killedBy
}

private func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}
