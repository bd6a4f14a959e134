import Foundation
import OpOpTopApp

// Hidden subcommands run in child processes of the benchmark itself, so that a case's
// memory and CPU are those of a fresh process: see Children/.
let arguments = Array(CommandLine.arguments.dropFirst())
if let subcommand = arguments.first, let child = ChildCommand(rawValue: subcommand) {
    exit(child.run(Array(arguments.dropFirst())))
}

let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch {
    FileHandle.standardError.write(Data("opop-top-bench: \(error)\n".utf8))
    exit(2)
}
if options.showsHelp {
    print(BenchOptions.usage)
    exit(0)
}
exit(runBenchmark(options))
