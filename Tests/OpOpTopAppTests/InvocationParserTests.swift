import Foundation
import OpOpTopApp
import XCTest

final class InvocationParserTests: XCTestCase {
    private func run(_ change: (inout RunOptions) -> Void, base: RunOptions = defaultRun()) -> Invocation {
        var options = base
        change(&options)
        return .run(options)
    }

    func testValidCommandLines() {
        let cases: [(id: String, arguments: [String], expected: Invocation)] = [
            ("no arguments", [], .run(defaultRun())),
            ("run alone", ["run"], .run(defaultRun())),
            ("run workload", ["run", "spirals"], .run(defaultRun(workload: "spirals"))),
            ("optimizer sets its learning rate", ["run", "--optimizer", "sgd"], .run(defaultRun(optimizer: "sgd", learningRate: 0.1))),
            ("optimizer with equals", ["run", "--optimizer=adamw"], .run(defaultRun(optimizer: "adamw", learningRate: 0.002))),
            ("explicit learning rate", ["run", "--optimizer=momentum", "--lr", "0.01"], .run(defaultRun(optimizer: "momentum", learningRate: 0.01))),
            ("exponent learning rate", ["--lr", "3e-4"], run { $0.learningRate = 3e-4 }),
            ("upper case exponent", ["--lr=1E-3"], run { $0.learningRate = 1e-3 }),
            ("leading dot", ["--lr", ".5"], run { $0.learningRate = 0.5 }),
            ("trailing dot", ["--lr", "5."], run { $0.learningRate = 5 }),
            ("options without command", ["--steps", "100"], run { $0.steps = 100 }),
            ("workload after options", ["--steps", "10", "spirals"], run({ $0.steps = 10 }, base: defaultRun(workload: "spirals"))),
            ("options after workload", ["run", "digits", "--steps", "10", "--seed", "3"], run { $0.steps = 10; $0.seed = 3 }),
            ("largest seed", ["run", "--seed", "18446744073709551615"], run { $0.seed = .max }),
            ("plus-signed seed", ["run", "--seed", "+7"], run { $0.seed = 7 }),
            ("negative zero seed", ["run", "--seed", "-0"], run { $0.seed = 0 }),
            ("largest steps", ["--steps", "9223372036854775807"], run { $0.steps = .max }),
            ("run directory", ["run", "--run-dir", "out/x"], run { $0.runDirectory = "out/x" }),
            ("run directory with equals", ["run", "--run-dir=/tmp/a=b"], run { $0.runDirectory = "/tmp/a=b" }),
            ("run directory named dash", ["run", "--run-dir", "-"], run { $0.runDirectory = "-" }),
            ("plain", ["run", "--plain"], run { $0.plain = true }),
            ("no brain", ["run", "--no-brain"], run { $0.usesBrain = false }),
            ("exploration off", ["run", "--exploration", "0"], run { $0.exploration = 0 }),
            ("negative zero exploration", ["--exploration=-0"], run { $0.exploration = 0 }),
            ("exploration", ["--exploration", "0.25"], run { $0.exploration = 0.25 }),
            ("command after separator", ["run", "--", "python3", "train.py", "--lr", "1"],
             .runCommand(CommandRunOptions(command: ["python3", "train.py", "--lr", "1"]))),
            ("command without run", ["--", "sh", "-c", "echo hi"], .runCommand(CommandRunOptions(command: ["sh", "-c", "echo hi"]))),
            ("command with run directory and plain", ["--run-dir", "out", "--plain", "--", "./train"],
             .runCommand(CommandRunOptions(command: ["./train"], runDirectory: "out", plain: true))),
            ("command that looks like an option", ["run", "--", "--help"], .runCommand(CommandRunOptions(command: ["--help"]))),
            ("help inside command is the command's", ["--", "python3", "-h"], .runCommand(CommandRunOptions(command: ["python3", "-h"]))),
            ("attach newest", ["attach"], .attach(AttachOptions())),
            ("attach path", ["attach", "runs/x"], .attach(AttachOptions(path: "runs/x"))),
            ("attach plain", ["attach", "--plain", "log.txt"], .attach(AttachOptions(path: "log.txt", plain: true))),
            ("attach path after separator", ["attach", "--", "-odd"], .attach(AttachOptions(path: "-odd"))),
            ("short help", ["-h"], .help),
            ("long help", ["--help"], .help),
            ("help wins over a bad workload", ["run", "digts", "--help"], .help),
            ("help as an option value", ["run", "--lr", "--help"], .help),
            ("help wins over version", ["--version", "-h"], .help),
            ("help command", ["help"], .help),
            ("help with topic", ["help", "run"], .help),
            ("version", ["--version"], .version),
            ("version after command", ["run", "spirals", "--version"], .version),
            ("terminal demo", ["_terminal-demo"], .terminalDemo(TerminalDemoOptions())),
            ("terminal demo crash key", ["_terminal-demo", "--crash-on-key", "!"], .terminalDemo(TerminalDemoOptions(crashKey: "!"))),
            ("terminal demo benchmark", ["_terminal-demo", "--benchmark-frames=500"], .terminalDemo(TerminalDemoOptions(benchmarkFrames: 500))),
        ]
        for testCase in cases {
            do {
                let invocation = try testParser.parse(testCase.arguments)
                XCTAssertEqual(invocation, testCase.expected, testCase.id)
            } catch {
                XCTFail("\(testCase.id): unexpected error: \(error.message)")
            }
        }
    }

    func testRejectedCommandLines() {
        let lrExpected = "expected a number greater than 0, such as 0.001"
        let stepsExpected = "expected a whole number of at least 1, such as 50000"
        let cases: [(id: String, arguments: [String], message: String)] = [
            ("near-miss workload", ["run", "digts"],
             "unknown workload 'digts'; did you mean 'digits'? (choices: digits, spirals)"),
            ("unknown workload", ["run", "mnist"],
             "unknown workload 'mnist' (choices: digits, spirals)"),
            ("missing command after separator", ["run", "--"],
             "missing command after '--'; write 'opop-top run -- COMMAND [ARGS...]', for example 'opop-top -- python3 train.py'"),
            ("separator alone", ["--"],
             "missing command after '--'; write 'opop-top run -- COMMAND [ARGS...]', for example 'opop-top -- python3 train.py'"),
            ("workload with command", ["run", "digits", "--", "sh"],
             "unexpected argument 'digits' before '--'; a workload cannot be combined with a command, so write either 'run digits' or 'run -- COMMAND'"),
            ("workload option with command", ["--steps", "5", "--", "sh"],
             "option --steps does not apply to a command after '--', which trains on its own; only --run-dir and --plain do"),
            ("attach two paths", ["attach", "a", "b"],
             "unexpected argument 'b' after 'a'; attach takes at most one run directory, trace file or text log"),
            ("attach empty path", ["attach", ""],
             "empty path for attach; give a run directory, a trace file or an opop text log, or nothing for the newest run under ./runs"),
            ("attach run option", ["attach", "--steps", "5"],
             "option --steps does not apply to the attach command, which only watches a run; only --plain does"),
            ("near-miss command", ["rn"],
             "unknown command 'rn'; did you mean 'run'? (commands: run, attach, replay, help)"),
            ("workload used as command", ["spirals"],
             "unknown command 'spirals'; to train the 'spirals' workload, use 'opop-top run spirals'"),
            ("command near a workload", ["digts"],
             "unknown command 'digts'; did you mean 'run digits'? (a workload is trained with 'opop-top run WORKLOAD')"),
            ("exploration above 10", ["--exploration", "11"],
             "invalid value '11' for --exploration; it must be at most 10, and 0.1 is typical"),
            ("dash as command", ["-"],
             "unknown command '-' (commands: run, attach, replay, help)"),
            ("near-miss optimizer", ["run", "--optimizer", "adm"],
             "unknown optimizer 'adm' for --optimizer; did you mean 'adam'? (choices: sgd, momentum, adam, adamw)"),
            ("upper case optimizer", ["--optimizer=ADAM"],
             "unknown optimizer 'ADAM' for --optimizer; did you mean 'adam'? (choices: sgd, momentum, adam, adamw)"),
            ("swapped letters optimizer", ["--optimizer", "sdg"],
             "unknown optimizer 'sdg' for --optimizer; did you mean 'sgd'? (choices: sgd, momentum, adam, adamw)"),
            ("near-miss option", ["run", "--lrr", "0.1"],
             "unknown option '--lrr'; did you mean '--lr'?"),
            ("single-dash long option", ["-steps", "5"],
             "unknown option '-steps'; did you mean '--steps'?"),
            ("prefix of option", ["--explo", "0.1"],
             "unknown option '--explo'; did you mean '--exploration'?"),
            ("unknown option", ["--frobnicate"],
             "unknown option '--frobnicate'; run 'opop-top --help' for the list of options"),
            ("unknown short option", ["run", "-x"],
             "unknown option '-x'; run 'opop-top --help' for the list of options"),
            ("demo option on run", ["run", "--crash-on-key", "x"],
             "unknown option '--crash-on-key'; run 'opop-top --help' for the list of options"),
            ("missing value at end", ["run", "--lr"],
             "missing value for --lr; \(lrExpected)"),
            ("empty value", ["--lr="],
             "missing value for --lr; \(lrExpected)"),
            ("empty separate value", ["--lr", ""],
             "missing value for --lr; \(lrExpected)"),
            ("value swallowed by option", ["--lr", "--steps", "5"],
             "missing value for --lr before '--steps'; \(lrExpected) (write --lr=VALUE for a value that starts with '-')"),
            ("value before separator", ["--lr", "--", "digits"],
             "missing value for --lr; \(lrExpected)"),
            ("missing optimizer lists choices", ["--optimizer"],
             "missing value for --optimizer; expected one of sgd, momentum, adam, adamw"),
            ("missing run directory", ["--run-dir="],
             "missing value for --run-dir; expected a directory path"),
            ("flag with value", ["--plain=yes"],
             "option --plain takes no value, but got 'yes'; write just --plain"),
            ("help with value", ["--help=x"],
             "option --help takes no value, but got 'x'; write just --help"),
            ("repeated option", ["--lr", "0.1", "--lr", "0.2"],
             "option --lr given twice ('0.1', then '0.2'); give it once"),
            ("command after options", ["--seed=1", "run"],
             "command 'run' must come before the options, as in 'opop-top run [WORKLOAD] [OPTIONS]'"),
            ("repeated with equals", ["--lr=0.1", "--lr", "0.1"],
             "option --lr given twice ('0.1', then '0.1'); give it once"),
            ("repeated flag", ["--plain", "--plain"],
             "option --plain given twice; give it once"),
            ("two workloads", ["run", "digits", "spirals"],
             "unexpected argument 'spirals' after workload 'digits'; run takes one workload"),
            ("not a number", ["--lr", "abc"],
             "invalid value 'abc' for --lr; \(lrExpected)"),
            ("nan learning rate", ["--lr", "nan"],
             "invalid value 'nan' for --lr; \(lrExpected)"),
            ("infinite learning rate", ["--lr", "inf"],
             "invalid value 'inf' for --lr; \(lrExpected)"),
            ("hex learning rate", ["--lr", "0x1p-3"],
             "invalid value '0x1p-3' for --lr; \(lrExpected)"),
            ("learning rate with space", ["--lr", " 0.1"],
             "invalid value ' 0.1' for --lr; \(lrExpected)"),
            ("trailing garbage learning rate", ["--lr", "1.5x"],
             "invalid value '1.5x' for --lr; \(lrExpected)"),
            ("exponent without digits", ["--lr", "1e"],
             "invalid value '1e' for --lr; \(lrExpected)"),
            ("overflowing learning rate", ["--lr", "1e999"],
             "invalid value '1e999' for --lr; the number is too large, \(lrExpected)"),
            ("zero learning rate", ["--lr", "0"],
             "invalid value '0' for --lr; the learning rate must be greater than 0"),
            ("negative learning rate", ["--lr", "-0.001"],
             "invalid value '-0.001' for --lr; the learning rate must be greater than 0"),
            ("zero steps", ["--steps", "0"],
             "invalid value '0' for --steps; the minimum is 1"),
            ("negative steps", ["--steps", "-5"],
             "invalid value '-5' for --steps; the minimum is 1"),
            ("fractional steps", ["--steps", "1.5"],
             "invalid value '1.5' for --steps; \(stepsExpected)"),
            ("exponent steps", ["--steps", "1e3"],
             "invalid value '1e3' for --steps; \(stepsExpected)"),
            ("trailing garbage steps", ["--steps", "100x"],
             "invalid value '100x' for --steps; \(stepsExpected)"),
            ("grouped digits steps", ["--steps", "50_000"],
             "invalid value '50_000' for --steps; \(stepsExpected)"),
            ("non-ASCII digits steps", ["--steps", "٣"],
             "invalid value '٣' for --steps; \(stepsExpected)"),
            ("sign only steps", ["--steps=+"],
             "invalid value '+' for --steps; \(stepsExpected)"),
            ("overflowing steps", ["--steps", "99999999999999999999"],
             "invalid value '99999999999999999999' for --steps; the maximum is 9223372036854775807"),
            ("negative seed", ["--seed", "-1"],
             "invalid value '-1' for --seed; the minimum is 0"),
            ("overflowing seed", ["--seed", "18446744073709551616"],
             "invalid value '18446744073709551616' for --seed; the maximum is 18446744073709551615"),
            ("negative exploration", ["--exploration", "-0.1"],
             "invalid value '-0.1' for --exploration; the exploration noise cannot be negative (0 turns it off)"),
            ("nan exploration", ["--exploration", "NaN"],
             "invalid value 'NaN' for --exploration; expected a number from 0 to 10, such as 0.1 (0 turns exploration off)"),
            ("exploration without brain", ["--no-brain", "--exploration", "0.1"],
             "--exploration cannot be combined with --no-brain, because without the brain nothing explores; drop one of them"),
            ("unknown help topic", ["help", "rn"],
             "unknown help topic 'rn'; did you mean 'run'? (commands: run, attach, replay, help)"),
            ("two help topics", ["help", "run", "help"],
             "unexpected argument 'help' after 'run'; help takes at most one command name"),
            ("demo argument", ["_terminal-demo", "x"],
             "unexpected argument 'x'; _terminal-demo takes no arguments"),
            ("demo two-character key", ["_terminal-demo", "--crash-on-key", "ab"],
             "invalid value 'ab' for --crash-on-key; expected a single character other than q, because q quits"),
            ("demo benchmark of zero frames", ["_terminal-demo", "--benchmark-frames", "0"],
             "invalid value '0' for --benchmark-frames; the minimum is 1"),
            ("demo benchmark too long", ["_terminal-demo", "--benchmark-frames", "1000001"],
             "invalid value '1000001' for --benchmark-frames; the maximum is 1000000"),
            ("demo quit key as crash key", ["_terminal-demo", "--crash-on-key=q"],
             "invalid value 'q' for --crash-on-key; expected a single character other than q, because q quits"),
        ]
        for testCase in cases {
            do {
                let invocation = try testParser.parse(testCase.arguments)
                XCTFail("\(testCase.id): expected an error, got \(invocation)")
            } catch {
                XCTAssertEqual(error.message, testCase.message, testCase.id)
            }
        }
    }

    func testFirstProblemIsReported() throws {
        XCTAssertThrowsError(try testParser.parse(["--steps", "0", "--lr", "abc"])) { error in
            XCTAssertEqual((error as? UsageError)?.message, "invalid value '0' for --steps; the minimum is 1")
        }
    }

    func testCatalogDecidesNames() throws {
        let catalog = CommandLineCatalog(
            version: "1",
            workloads: [.init(name: "xor", summary: "xor")],
            defaultWorkload: "xor",
            optimizers: [.init(name: "lion", defaultLearningRate: 0.0003)],
            defaultOptimizer: "lion",
            defaultSteps: 7,
            defaultSeed: 11,
            keyBindings: []
        )
        let parser = InvocationParser(catalog: catalog)

        let invocation = try parser.parse([])

        XCTAssertEqual(invocation, .run(RunOptions(
            workload: "xor",
            optimizer: "lion",
            learningRate: 0.0003,
            steps: 7,
            seed: 11
        )))
        XCTAssertThrowsError(try parser.parse(["run", "digits"])) { error in
            XCTAssertEqual((error as? UsageError)?.message, "unknown workload 'digits' (choices: xor)")
        }
    }
}
