import Foundation

/// Writes `message` to standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("custom-loop: \(message)\n".utf8))
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("\(error)")
    exit(2)
}

if options.showsHelp {
    print(Options.usage)
    exit(0)
}

do {
    let run = try train(options)
    try readBack(run)
} catch {
    printError("\(error)")
    exit(1)
}
