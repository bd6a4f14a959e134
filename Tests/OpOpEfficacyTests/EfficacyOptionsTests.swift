import OpOpBrain
import XCTest
@testable import OpOpEfficacy

final class EfficacyOptionsTests: XCTestCase {
    func testNoArgumentsSelectTheFullSuite() throws {
        let configuration = try EfficacyOptions.parse([]).configuration()

        XCTAssertEqual(configuration.tasks, TaskKind.allCases)
        XCTAssertEqual(configuration.optimizers, [.momentum, .adam])
        XCTAssertEqual(configuration.evaluationSeeds.count, 10)
        XCTAssertEqual(configuration.tuningSeeds.count, 3)
        XCTAssertEqual(configuration.gridExponents, Array(-4...4))
        XCTAssertEqual(configuration.jobs, 2)
        XCTAssertTrue(Set(configuration.tuningSeeds).isDisjoint(with: configuration.evaluationSeeds))
    }

    func testQuickWithOverrides() throws {
        let options = try EfficacyOptions.parse([
            "--quick", "--seeds", "3", "--tasks", "logistic,quadratic", "--optimizers", "adam", "--jobs", "1",
            "--markdown", "report.md", "--json", "runs.json",
        ])
        let configuration = options.configuration()

        XCTAssertEqual(configuration.evaluationSeeds, [0, 1, 2])
        XCTAssertEqual(configuration.tuningSeeds.count, 1)
        XCTAssertEqual(configuration.gridExponents.count, 3)
        XCTAssertEqual(configuration.tasks, [.quadratic, .logistic], "tasks run in report order")
        XCTAssertEqual(configuration.optimizers, [.adam])
        XCTAssertEqual(configuration.jobs, 1)
        XCTAssertEqual(configuration.steps(for: .quadratic), TaskKind.quadratic.steps / 10)
        XCTAssertEqual(options.markdownPath, "report.md")
        XCTAssertEqual(options.jsonPath, "runs.json")
    }

    func testInvalidArgumentsNameTheProblem() {
        let cases: [(arguments: [String], message: String)] = [
            (["--frobnicate"], "unknown option '--frobnicate'; the options are --quick, --seeds N,"),
            (["extra"], "unexpected argument 'extra'"),
            (["--seeds"], "option --seeds needs a value"),
            (["--seeds", "0"], "invalid value '0' for --seeds; give a whole number in 1...1000"),
            (["--seeds", "ten"], "invalid value 'ten' for --seeds"),
            (["--jobs", "65"], "invalid value '65' for --jobs; give a whole number in 1...64"),
            (["--tasks", "quadratic,cubic"], "unknown task 'cubic' in --tasks; the tasks are quadratic, logistic,"),
            (["--tasks", ""], "unknown task '' in --tasks"),
            (["--optimizers", "lbfgs"], "unknown optimizer 'lbfgs' in --optimizers; the optimizers are sgd, momentum, adam, adamw"),
            (["--brain", "genius"], "unknown brain preset 'genius' for --brain; the presets are default"),
            (["--quick", "--quick"], "option --quick is given twice"),
            (["--markdown", "--json"], "option --markdown needs a value"),
        ]
        for (arguments, message) in cases {
            XCTAssertThrowsError(try EfficacyOptions.parse(arguments), "\(arguments)") { error in
                XCTAssertTrue("\(error)".contains(message), "\(arguments): got \"\(error)\", expected to contain \"\(message)\"")
            }
        }
    }

    func testUsageListsEveryTaskAndOption() {
        for task in TaskKind.allCases {
            XCTAssertTrue(EfficacyOptions.usage.contains(task.rawValue), task.rawValue)
        }
        for option in EfficacyOptions.optionNames {
            let flag = String(option.split(separator: " ")[0])
            XCTAssertTrue(EfficacyOptions.usage.contains(flag), flag)
        }
    }

    func testShellQuotingOnlyWhereNeeded() {
        XCTAssertEqual(shellQuoted("--tasks"), "--tasks")
        XCTAssertEqual(shellQuoted("my report.md"), "'my report.md'")
        XCTAssertEqual(shellQuoted("it's"), "'it'\\''s'")
    }
}
