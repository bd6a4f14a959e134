import Foundation
import OpOpTerminal
import OpOpTrace

/// Runs `opop-top attach [PATH]` and returns the exit status: 0 when the user quit or
/// the run ended, 1 when the run cannot be opened or read, 128 plus the signal number
/// after SIGINT, SIGTERM or SIGHUP.
public func runAttach(_ options: AttachOptions) -> Int32 {
    let opened: OpenedRun
    let path: String
    do {
        path = try options.path ?? newestRun(under: "./runs")
        opened = try openRun(path: path)
    } catch {
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }

    let follower = RecordFollower(source: opened.source)
    defer { follower.stop() }
    let control = opened.runDirectory.map(ControlLink.init(runDirectory:))
    let readOnly = opened.runDirectory == nil
        ? "a text log is read-only: it has no control socket to send commands to"
        : "no control socket: the run is read-only"

    guard !options.plain else {
        TerminationSignals.install()
        let ending = PlainFollow(follower: follower, control: control, child: nil)
            .run(write: writeToStandardOutput, stopSignal: { TerminationSignals.pending })
        TerminationSignals.uninstall()
        switch ending {
        case .ended(let detail):
            writeToStandardOutput("run ended: \(detail)\n")
            return 0
        case .signal(let signal, _):
            return 128 + signal
        }
    }

    let screen: TerminalScreen
    do {
        screen = try TerminalScreen.open()
    } catch {
        writeToStandardError("opop-top: \(error), or add --plain to follow the run as text\n")
        return 1
    }
    // A run that `opop-top run -- COMMAND` started has the trainer's output in
    // output.log, which a later viewer shows too.
    let outputPath = opened.runDirectory.map { $0 + "/output.log" }
    let outputTail = outputPath.flatMap { FileManager.default.fileExists(atPath: $0) ? OutputTail(path: $0) : nil }
    let session = FollowSession(follower: follower, control: control, readOnlyMessage: readOnly, outputTail: outputTail)
    let ending = session.run(on: screen)
    screen.close()

    for message in session.errorMessages {
        writeToStandardError("opop-top: \(message)\n")
    }
    writeToStandardOutput("watched: \(opened.runDirectory ?? path)\n")
    if case .signal(let signal) = ending {
        return 128 + signal
    }
    return 0
}
