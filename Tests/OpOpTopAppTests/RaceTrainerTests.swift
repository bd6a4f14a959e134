import Foundation
import OpOpDashboard
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// Two trainers stepped in lockstep by `RaceTrainer`: the same data and start, the same
/// number of steps, and dashboard commands that reach the brain run only.
final class RaceTrainerTests: XCTestCase {
    /// A race in a scratch directory, built as `opop-top run --race` builds it.
    private final class RaceHarness {
        let scratch: ScratchDirectory
        let directory: RaceDirectory
        let brainOutput = Mailbox<TraceRecord>(capacity: 1 << 20)
        let bareOutput = Mailbox<TraceRecord>(capacity: 1 << 20)
        let commands = Mailbox<TrainerCommand>(capacity: 256)
        let thread: TrainerThread

        init(steps: Int, exploration: Float? = nil) throws {
            scratch = try ScratchDirectory()
            directory = try RaceDirectory.create(path: scratch.file("race"), workload: "spirals", now: Date())
            let brainPlan = TrainingPlan.testPlan(steps: steps, exploration: exploration)
            let barePlan = TrainingPlan.testPlan(steps: steps, useBrain: false)
            let brain = try Trainer(plan: brainPlan, runDirectory: directory.brain, output: brainOutput, servesControlSocket: false)
            let bare = try Trainer(plan: barePlan, runDirectory: directory.bare, output: bareOutput, servesControlSocket: false)
            thread = TrainerThread(trainer: RaceTrainer(brain: brain, bare: bare))
        }

        deinit {
            commands.send(.stop)
            scratch.remove()
        }

        func run() -> TrainerOutcome {
            thread.start(commands: commands)
            return thread.wait()
        }

        func trace(_ run: RunDirectory) throws -> [TraceRecord] {
            try TraceReader(path: run.tracePath).readToEnd()
        }
    }

    func testRunsShareFirstLossAndStepCount() throws {
        let race = try RaceHarness(steps: 400)

        let outcome = race.run()

        XCTAssertEqual(outcome, .finished(steps: 400))
        let brainTrace = try race.trace(race.directory.brain)
        let bareTrace = try race.trace(race.directory.bare)
        let brain = brainTrace.steps
        let bare = bareTrace.steps
        XCTAssertEqual(brainTrace.header?.brainSettings.isEmpty, false, "the brain run has no brain")
        XCTAssertEqual(bareTrace.header?.brainSettings, [:], "the bare run has a brain")
        XCTAssertEqual(brain.map(\.step), Array(1...400))
        XCTAssertEqual(bare.map(\.step), Array(1...400))
        XCTAssertEqual(brain.first?.loss, bare.first?.loss, "the runs did not start from the same weights and minibatch")
        XCTAssertNotEqual(brain.map(\.loss), bare.map(\.loss), "the exploring brain never changed an update")
        XCTAssertTrue(bare.allSatisfy { $0.reward == nil }, "the bare run has rewards")
    }

    func testNeutralBrainReproducesBareRunExactly() throws {
        // With exploration off the brain stays neutral, so only an unfair race (other
        // data, other weights, a skipped step) could make the losses differ.
        let race = try RaceHarness(steps: 300, exploration: 0)

        _ = race.run()

        let brain = try race.trace(race.directory.brain).steps.map(\.loss)
        let bare = try race.trace(race.directory.bare).steps.map(\.loss)
        XCTAssertEqual(brain.count, 300)
        XCTAssertEqual(brain, bare)
    }

    func testStopEndsBothRunsAtSameStep() throws {
        let race = try RaceHarness(steps: 10_000_000)
        race.thread.start(commands: race.commands)
        let deadline = Date().addingTimeInterval(60)
        var brainSteps = 0
        while brainSteps < 50 && Date() < deadline {
            brainSteps += race.brainOutput.drain().items.steps.count
            Thread.sleep(forTimeInterval: 0.01)
        }

        race.commands.send(.stop)
        let outcome = race.thread.wait()

        guard case .stopped(let steps) = outcome else {
            return XCTFail("expected the race to stop, got \(outcome)")
        }
        let brain = try race.trace(race.directory.brain)
        let bare = try race.trace(race.directory.bare)
        XCTAssertEqual(brain.steps.last?.step, steps)
        XCTAssertEqual(bare.steps.last?.step, steps)
        XCTAssertEqual(brain.events(.trainerEnd).map(\.step), [steps])
        XCTAssertEqual(bare.events(.trainerEnd).map(\.step), [steps])
    }

    func testCommandsReachBrainRunOnly() throws {
        let race = try RaceHarness(steps: 200)
        race.commands.send(.toggleFreeze)
        race.commands.send(.snapshot)

        _ = race.run()

        let brain = try race.trace(race.directory.brain)
        let bare = try race.trace(race.directory.bare)
        XCTAssertEqual(brain.events(.freeze).count, 1)
        XCTAssertEqual(brain.events(.snapshot).count, 2, "expected the requested snapshot and the final one")
        XCTAssertEqual(bare.events.filter { $0.kind != .trainerStart && $0.kind != .trainerEnd }, [], "the bare run got a command")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: race.directory.bare.snapshotsPath), [])
    }

    func testRaceDirectoryRejectsExistingRun() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let single = try RunDirectory.create(path: scratch.file("single"), workload: "spirals", now: Date())
        FileManager.default.createFile(atPath: single.tracePath, contents: Data())
        let race = try RaceDirectory.create(path: scratch.file("race"), workload: "spirals", now: Date())
        FileManager.default.createFile(atPath: race.brain.tracePath, contents: Data())

        XCTAssertThrowsError(try RaceDirectory.create(path: single.path, workload: "spirals", now: Date())) { error in
            XCTAssertEqual(error as? RunDirectoryError, .containsTrace(path: single.path))
        }
        XCTAssertThrowsError(try RaceDirectory.create(path: race.path, workload: "spirals", now: Date())) { error in
            XCTAssertEqual(error as? RunDirectoryError, .containsTrace(path: race.brain.path))
        }
    }

    func testOpeningRaceDirectoryNamesBothRuns() throws {
        let race = try RaceHarness(steps: 10)
        _ = race.run()

        XCTAssertThrowsError(try openRun(path: race.directory.path)) { error in
            XCTAssertEqual(error as? RunPathError, .raceDirectory(path: race.directory.path))
        }
        let message = RunPathError.raceDirectory(path: "runs/r").description
        XCTAssertEqual(message, "'runs/r' is a race of two runs, not one run; name one of them, such as 'runs/r/brain', or replay both with 'opop-top replay runs/r/brain runs/r/bare'")
        XCTAssertNoThrow(try openRun(path: race.directory.brain.path))
    }

    func testDefaultRaceDirectoryIsNamedAfterWorkload() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let utc = TimeZone(identifier: "UTC")!

        let first = try RaceDirectory.create(path: nil, workload: "digits", now: now, runsRoot: scratch.file("runs"), timeZone: utc)
        let second = try RaceDirectory.create(path: nil, workload: "digits", now: now, runsRoot: scratch.file("runs"), timeZone: utc)

        XCTAssertEqual(first.path, scratch.file("runs/20270115-080000-digits-race"))
        XCTAssertEqual(second.path, scratch.file("runs/20270115-080000-digits-race-2"))
        XCTAssertEqual(first.brain.path, first.path + "/brain")
        XCTAssertEqual(first.bare.path, first.path + "/bare")
        XCTAssertTrue(FileManager.default.fileExists(atPath: second.bare.snapshotsPath))
    }

    func testPlainLineGivesBothLossesAndRatio() {
        var race = RaceHistory()
        race.ingest(.step(StepRecord(step: 1, wallTime: 0, loss: 0.5, reward: 0, baseline: 0, groups: [])), from: .brain)
        race.ingest(.step(StepRecord(step: 1, wallTime: 0, loss: 0.625, reward: nil, baseline: nil, groups: [])), from: .bare)
        race.ingest(.evaluation(EvaluationRecord(step: 1, wallTime: 0, metrics: [Metric(name: "accuracy", value: 0.9)])), from: .brain)
        race.ingest(.evaluation(EvaluationRecord(step: 1, wallTime: 0, metrics: [Metric(name: "accuracy", value: 0.85)])), from: .bare)

        let line = PlainRace.progressLine(race: race, of: 300, stepsPerSecond: 99.6)

        XCTAssertEqual(
            line,
            "step 1/300  100 steps/s  loss brain 0.5000 bare 0.6250  ratio 0.8000 (loss EMA brain/bare, below 1: brain ahead)  accuracy brain 0.9000 bare 0.8500\n"
        )
    }

    func testEndLinesNameBothRunsAndReplay() {
        let directory = RaceDirectory(existingPath: "runs/my race")

        let text = describeEnd(of: directory, outcome: .finished(steps: 300), program: "opop-top")

        XCTAssertEqual(text, """
            race: training finished after 300 steps
            run directory: runs/my race
            brain run: runs/my race/brain
            bare run: runs/my race/bare
            compare them: opop-top replay 'runs/my race/brain' 'runs/my race/bare'

            """)
    }
}
