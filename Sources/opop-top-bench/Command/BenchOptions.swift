/// The command line of `opop-top-bench`.
struct BenchOptions: Sendable {
    /// Every case, in the order the table shows them.
    static let caseNames = ["brain", "writer", "parse", "replay", "render", "cpu"]

    var quick = false
    var only: Set<String> = Set(caseNames)
    var jsonPath: String?
    var keepFilesDirectory: String?
    var showsHelp = false

    static let usage = """
        usage: opop-top-bench [--quick] [--only NAME,...] [--json FILE] [--keep-files DIR]

        Measures opop-top and prints one table of figures, each the median of several runs.
        Build it in release mode: swift run -c release opop-top-bench

          --quick            small sizes and few repetitions: checks that every case runs
          --only NAME,...    run only these cases: \(caseNames.joined(separator: ", "))
          --json FILE        also write the machine and the figures as JSON to FILE
          --keep-files DIR   write the parsing case's traces into DIR and keep them there
          -h, --help         print this help
        """

    /// Parses the arguments after the program name.
    ///
    /// Throws `BenchError` naming the bad argument and what to give instead.
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var index = 0

        func value(for flag: String) throws -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw BenchError("'\(flag)' needs a value; see --help")
            }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--quick":
                options.quick = true
            case "--only":
                let names = try value(for: argument).split(separator: ",").map { String($0) }
                for name in names where !caseNames.contains(name) {
                    throw BenchError("unknown case '\(name)' in --only; the cases are \(caseNames.joined(separator: ", "))")
                }
                guard !names.isEmpty else {
                    throw BenchError("'--only' needs at least one case name: \(caseNames.joined(separator: ", "))")
                }
                options.only = Set(names)
            case "--json":
                options.jsonPath = try value(for: argument)
            case "--keep-files":
                options.keepFilesDirectory = try value(for: argument)
            case "-h", "--help":
                options.showsHelp = true
            default:
                throw BenchError("unknown argument '\(argument)'; see --help for the options")
            }
            index += 1
        }
        return options
    }
}
