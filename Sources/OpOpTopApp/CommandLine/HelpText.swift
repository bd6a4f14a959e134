/// The text `--help` prints, built from the catalog so it always lists the real
/// workloads, optimizers, defaults and keys.
enum HelpText {
    static func render(catalog: CommandLineCatalog) -> String {
        let program = catalog.programName
        let optimizerNames = catalog.optimizers.map(\.name).joined(separator: ", ")
        let learningRates = catalog.optimizers
            .map { "\($0.name) \(formatted($0.defaultLearningRate))" }
            .joined(separator: ", ")

        var lines: [String] = []
        lines.append("\(program) \(catalog.version): train a model and watch the OpOp brain steer its optimizer")
        lines.append("")
        lines.append("Usage:")
        lines.append("  \(program) [OPTIONS]")
        lines.append("  \(program) run [WORKLOAD] [OPTIONS]")
        lines.append("  \(program) run [WORKLOAD] --race [OPTIONS]")
        lines.append("  \(program) [run] [--run-dir DIR] [--plain] -- COMMAND [ARGS...]")
        lines.append("  \(program) attach [PATH] [--plain]")
        lines.append("  \(program) replay TRACE... [--summary | --export svg|csv FILE]")
        lines.append("  \(program) help")
        lines.append("  \(program) --version")
        lines.append("")
        lines.append("Commands:")
        lines += table([
            ("run", "train WORKLOAD in this process and show the dashboard (the default command)"),
            ("run -- COMMAND", "start your own trainer in a new run directory (OPOP_RUN_DIR is set to it, its output goes to output.log) and show its run; q asks whether to stop it"),
            ("attach [PATH]", "watch a run another process trains: a run directory, a trace file or an opop text log (default: the newest run under ./runs); a text log or a run without control.sock is read-only"),
            ("replay TRACE...", "play finished runs back (run directories, trace files or opop text logs); several runs are overlaid by step; --summary prints a table and --export svg|csv FILE writes a file, neither needs a terminal"),
            ("help", "show this help"),
        ])
        lines.append("")
        lines.append("Workloads:")
        lines += table(catalog.workloads.map { workload in
            let suffix = workload.name == catalog.defaultWorkload ? " (default)" : ""
            return (workload.name, workload.summary + suffix)
        })
        lines.append("")
        lines.append("Options (give a value as '--lr 0.01' or '--lr=0.01'):")
        lines += table([
            ("--optimizer NAME", "base optimizer: \(optimizerNames) (default: \(catalog.defaultOptimizer))"),
            ("--lr X", "learning rate of the base optimizer, greater than 0 (default: the optimizer's own: \(learningRates))"),
            ("--steps N", "training steps, at least 1 (default: \(catalog.defaultSteps))"),
            ("--seed N", "random seed, 0 to \(UInt64.max) (default: \(catalog.defaultSeed))"),
            ("--run-dir DIR", "directory for the trace and checkpoints (default: ./runs/YYYYMMDD-HHMMSS-WORKLOAD, local time)"),
            ("--exploration X", "standard deviation of the noise the brain adds to its raw outputs to explore, from 0 to 10; 0 turns exploration off (default: \(catalog.defaultExplorationDescription))"),
            ("--no-brain", "train with the bare base optimizer, for comparison"),
            ("--plain", "print progress as lines of text instead of the full-screen dashboard"),
            ("--race", "train the bare optimizer and the brain side by side on the same data, seed and initial weights; both loss curves and the ratio brain/bare of their EMAs are shown (below 1 the brain is ahead), keys act on the brain, and the run directory gets brain/ and bare/; not with --no-brain, --, attach or replay"),
            ("-h, --help", "show this help and exit"),
            ("--version", "print the version and exit"),
            ("--", "end of options; what follows is the command to start and its arguments"),
            ("--summary", "replay only: print each run's step, loss, event and knob figures instead of playing it"),
            ("--export FMT FILE", "replay only: write the runs to FILE as an svg chart or csv series instead of playing them"),
        ])
        lines.append("")
        lines.append("Dashboard keys:")
        lines += table(catalog.keyBindings.map { ($0.keys, $0.action) })
        lines.append("")
        lines.append("Replay keys (f, r, R and s are off: a replay is read-only):")
        lines += table(catalog.replayKeyBindings.map { ($0.keys, $0.action) })
        lines.append("")
        lines.append("Environment:")
        lines += table([
            ("NO_COLOR", "any non-empty value turns colours off"),
            ("TERM", "terminal type, looked up in the terminfo database (for example xterm-256color)"),
            ("LC_ALL, LC_CTYPE, LANG", "character encoding, checked in this order; a UTF-8 locale shows block and braille glyphs, any other gets ASCII stand-ins"),
        ])
        lines.append("")
        lines.append("Exit status: 0 on success, 1 on a runtime error, 2 on a usage error,")
        lines.append("128+N when ended by signal N (130 for Ctrl-C).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The width the help text is wrapped to.
    static let lineWidth = 80

    /// The width of the first column of every table, so all sections line up.
    static let termWidth = 20

    /// Lays out two columns, wrapping the description under itself.
    private static func table(_ rows: [(term: String, description: String)]) -> [String] {
        let indent = String(repeating: " ", count: 2 + termWidth)
        var lines: [String] = []

        for row in rows {
            let wrapped = wrap(row.description, width: lineWidth - indent.count)
            if row.term.count + 2 > termWidth {
                lines.append("  " + row.term)
                lines += wrapped.map { indent + $0 }
            } else {
                let head = "  " + row.term + String(repeating: " ", count: termWidth - row.term.count)
                lines.append(head + (wrapped.first ?? ""))
                lines += wrapped.dropFirst().map { indent + $0 }
            }
        }
        return lines
    }

    /// Breaks `text` at spaces into lines of at most `width` characters. A single
    /// longer word gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }

    /// Formats a learning rate without a trailing `.0`, for example 0.001 or 1.
    private static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
