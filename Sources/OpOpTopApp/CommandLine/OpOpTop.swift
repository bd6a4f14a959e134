import Foundation
import OpOpTerminal

#if canImport(Glibc)
import Glibc
#endif

/// Runs opop-top with `arguments` (without the program name) and returns the exit
/// status: 0 on success, 1 on a runtime error, 2 on a usage error, and 128 plus the
/// signal number when SIGINT, SIGTERM or SIGHUP ended it.
///
/// - Parameters:
///   - catalog: The workloads, optimizers and defaults the command line accepts.
///   - runSession: Runs a parsed `run` command and returns its exit status.
public func runOpOpTop(
    arguments: [String],
    catalog: CommandLineCatalog = .standard,
    runSession: (RunOptions) -> Int32 = runTraining
) -> Int32 {
    let invocation: Invocation
    do {
        invocation = try InvocationParser(catalog: catalog).parse(arguments)
    } catch {
        writeToStandardError("\(catalog.programName): \(error.message)\n")
        return UsageError.exitStatus
    }

    switch invocation {
    case .help:
        writeToStandardOutput(HelpText.render(catalog: catalog))
        return 0
    case .version:
        writeToStandardOutput("\(catalog.programName) \(catalog.version)\n")
        return 0
    case .run(let options):
        return runSession(options)
    case .runCommand(let options):
        return runCommand(options)
    case .attach(let options):
        return runAttach(options)
    case .replay(let options):
        return runReplay(options)
    case .terminalDemo(let options):
        return runTerminalDemo(options, programName: catalog.programName)
    }
}

/// Opens the terminal, runs the check screen until `q` or a signal, and restores the
/// terminal.
func runTerminalDemo(_ options: TerminalDemoOptions, programName: String) -> Int32 {
    let screen: TerminalScreen
    do {
        screen = try TerminalScreen.open()
    } catch {
        writeToStandardError("\(programName): \(error)\n")
        return 1
    }

    let demo = TerminalDemo(processID: getpid(), crashKey: options.crashKey)
    if let frames = options.benchmarkFrames {
        let size = screen.size
        let elapsed = demo.drawFrames(frames, on: screen)
        screen.close()
        writeToStandardOutput(benchmarkReport(frames: frames, size: size, elapsed: elapsed))
        return 0
    }

    let outcome = demo.run(on: screen)
    screen.close()

    switch outcome {
    case .quit:
        return 0
    case .terminated(let signal):
        return 128 + signal
    }
}

/// Formats the result of `--benchmark-frames`, for example
/// `drew 1000 frames of 100x30 in 0.412 s: 412 µs per frame (render and curses draw)`.
func benchmarkReport(frames: Int, size: ScreenSize, elapsed: Duration) -> String {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let microsecondsPerFrame = Int((seconds * 1e6 / Double(frames)).rounded())
    let total = (seconds * 1000).rounded() / 1000
    return "drew \(frames) frames of \(size) in \(total) s: \(microsecondsPerFrame) µs per frame (render and curses draw)\n"
}

func writeToStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
