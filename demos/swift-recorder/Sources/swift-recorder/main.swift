import Foundation

/// Writes one line to standard output at once, without buffering, so a program reading
/// the pipe gets the run directory while training runs.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes `message` to standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("swift-recorder: \(message)\n".utf8))
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("\(error)")
    exit(2)
}

if options.showsHelp {
    say(Options.usage)
    exit(0)
}

installStopSignals()
do {
    let ending = try train(options)
    say(ending)
} catch {
    printError("\(error)")
    exit(1)
}
