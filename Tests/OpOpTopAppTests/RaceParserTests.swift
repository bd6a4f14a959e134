import OpOpTopApp
import XCTest

/// `--race` on the command line: where it is accepted, and the message for each
/// combination that has no meaning.
final class RaceParserTests: XCTestCase {
    private func race(_ change: (inout RunOptions) -> Void = { _ in }) -> Invocation {
        var options = defaultRun()
        options.race = true
        change(&options)
        return .run(options)
    }

    func testAcceptedRaceCommandLines() {
        let cases: [(id: String, arguments: [String], expected: Invocation)] = [
            ("bare program", ["--race"], race()),
            ("run command", ["run", "--race"], race()),
            ("workload before", ["run", "spirals", "--race"], race { $0.workload = "spirals" }),
            ("workload after", ["--race", "spirals"], race { $0.workload = "spirals" }),
            ("with plain", ["run", "--race", "--plain"], race { $0.plain = true }),
            ("with exploration", ["--race", "--exploration", "0"], race { $0.exploration = 0 }),
            ("with steps and seed", ["run", "--race", "--steps", "300", "--seed", "4"], race { $0.steps = 300; $0.seed = 4 }),
            ("with run directory", ["--race", "--run-dir", "out/r"], race { $0.runDirectory = "out/r" }),
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

    func testRaceIsOffByDefault() throws {
        guard case .run(let options) = try testParser.parse(["run"]) else {
            return XCTFail("'run' did not parse as a run")
        }
        XCTAssertFalse(options.race)
    }

    func testRejectedRaceCombinations() {
        let cases: [(id: String, arguments: [String], message: String)] = [
            ("no brain", ["run", "--race", "--no-brain"],
             "--race cannot be combined with --no-brain, because a race already trains the bare optimizer beside the brain; drop --no-brain"),
            ("no brain first", ["--no-brain", "--race"],
             "--race cannot be combined with --no-brain, because a race already trains the bare optimizer beside the brain; drop --no-brain"),
            ("command", ["run", "--race", "--", "python3", "train.py"],
             "--race cannot be combined with a command after '--', because a race trains a built-in workload twice in this process; write 'opop-top run WORKLOAD --race', or drop --race to watch your command"),
            ("command without run", ["--race", "--", "sh"],
             "--race cannot be combined with a command after '--', because a race trains a built-in workload twice in this process; write 'opop-top run WORKLOAD --race', or drop --race to watch your command"),
            ("attach", ["attach", "--race", "runs/x"],
             "--race does not apply to the attach command, which watches one run; attach to one side of a race, as in 'attach RUN_DIR/brain', or start one with 'opop-top run --race'"),
            ("replay", ["replay", "--race", "runs/a", "runs/b"],
             "--race does not apply to replay, which plays finished runs; to overlay a race's two runs, write 'opop-top replay RUN_DIR/brain RUN_DIR/bare'"),
            ("repeated", ["--race", "--race"],
             "option --race given twice; give it once"),
            ("with a value", ["--race=yes"],
             "option --race takes no value, but got 'yes'; write just --race"),
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
}
