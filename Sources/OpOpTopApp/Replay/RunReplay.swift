import Foundation
import OpOpTerminal
import OpOpTrace

/// Runs `opop-top replay TRACE...` and returns the exit status: 0 on success, 1 when a
/// run cannot be read, the output cannot be written or there is no terminal for the
/// dashboard, and 128 plus the signal number after SIGINT, SIGTERM or SIGHUP.
public func runReplay(_ options: ReplayOptions) -> Int32 {
    var inputs: [ReplayInput] = []
    for path in options.paths {
        do {
            inputs.append(try ReplayInput.open(path))
        } catch {
            writeToStandardError("opop-top: \(error)\n")
            return 1
        }
    }
    let labels = ReplayInput.uniqueLabels(inputs.map(\.label))
    for index in inputs.indices {
        inputs[index].label = labels[index]
    }

    switch options.output {
    case .summary:
        return report { try ReplayExports.summary(of: inputs, asciiOnly: !localeIsUTF8()) }
    case .export(let format, let path):
        return report { try ReplayExports.export(inputs, format: format, to: path) }
    case .dashboard:
        return runReplayDashboard(inputs)
    }
}

/// Runs `body`, prints what it returns, and turns an error into a message and status 1.
private func report(_ body: () throws -> String) -> Int32 {
    do {
        writeToStandardOutput(try body())
        return 0
    } catch {
        writeToStandardError("opop-top: \(error)\n")
        return 1
    }
}

private func runReplayDashboard(_ inputs: [ReplayInput]) -> Int32 {
    var runs: [ReplayRun] = []
    for input in inputs {
        do {
            runs.append(try input.makeRun())
        } catch {
            writeToStandardError("opop-top: \(error)\n")
            return 1
        }
    }
    defer { runs.forEach { $0.indexer.stop() } }

    let screen: TerminalScreen
    do {
        screen = try TerminalScreen.open()
    } catch {
        writeToStandardError("opop-top: \(error), or use replay --summary or --export, which need no terminal\n")
        return 1
    }
    let session = ReplaySession(runs: runs)
    let ending = session.run(on: screen)
    screen.close()

    for message in session.errorMessages {
        writeToStandardError("opop-top: \(message)\n")
    }
    if case .signal(let signal) = ending {
        return 128 + signal
    }
    return 0
}

/// Returns true when the locale's character encoding is UTF-8, judged from LC_ALL,
/// LC_CTYPE and LANG in that order, as the terminal backend judges it.
func localeIsUTF8(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    let normalized = locale.lowercased().filter { $0 != "-" && $0 != "_" }
    return normalized.contains("utf8")
}
