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
    let outcome = demo.run(on: screen)
    screen.close()

    switch outcome {
    case .quit:
        return 0
    case .terminated(let signal):
        return 128 + signal
    }
}

func writeToStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
