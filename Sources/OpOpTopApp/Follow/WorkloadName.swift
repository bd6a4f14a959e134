/// Names the run directory of `opop-top run -- COMMAND` after what the command runs.
///
/// For an interpreter given a script (`python3 demos/python/numpy_demo.py`), the name
/// is the script's file name without its extension (`numpy_demo`), because every
/// Python run would otherwise be called `python3`. For anything else, including an
/// interpreter whose first argument is an option (`sh -c '...'`, `python3 -m pkg`),
/// it is the program's file name (`sh`, `python3`, `train`).
enum WorkloadName {
    /// Program names treated as interpreters, compared without a version suffix, so
    /// `python3.12` counts as `python`.
    static let interpreters: Set<String> = [
        "python", "pypy", "sh", "bash", "zsh", "dash", "node", "deno", "ruby", "perl", "julia", "Rscript", "lua",
    ]

    static func of(command: [String]) -> String {
        guard let program = command.first else { return "command" }

        let programName = baseName(program)
        let bareProgram = String(programName.prefix { !$0.isNumber && $0 != "." })
        if interpreters.contains(bareProgram), command.count > 1, !command[1].hasPrefix("-") {
            let script = baseName(command[1])
            let stem = script.lastIndex(of: ".").map { String(script[..<$0]) } ?? script
            if !stem.isEmpty { return stem }
        }
        return programName.isEmpty ? "command" : programName
    }

    private static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }
}
