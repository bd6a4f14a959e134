import Foundation
import OpOpBrain
import OpOpTrace
import XCTest
@testable import OpOpTopApp

/// A `Trainer` on its own thread, started as `opop-top run` starts it. The test takes the
/// dashboard's place: it sends commands and collects every published record.
///
/// Commands take effect at the trainer's next step boundary, so a test never assumes the
/// step at which one applies. It reads that step from the event the trainer publishes
/// and checks the step records around it.
final class TrainerHarness {
    /// A wait that ran out of time, or found the trainer already finished.
    struct WaitError: Error, CustomStringConvertible {
        var description: String
    }

    /// How long a wait lasts before it fails, in seconds. Generous, because the machine
    /// running the tests may be busy with other builds.
    static let waitLimit = 60.0

    let scratch: ScratchDirectory
    let runDirectory: RunDirectory
    let trainer: Trainer
    let commands = Mailbox<TrainerCommand>(capacity: 256)
    let output = Mailbox<TraceRecord>(capacity: 1 << 20)

    /// Every record drained from `output` so far, oldest first.
    private(set) var records: [TraceRecord] = []
    /// Records drained from `output` that were dropped because it was full.
    private(set) var droppedCount = 0
    /// The index in `records` after the record the latest wait returned, where the next
    /// wait starts looking.
    private var cursor = 0
    private var isStarted = false
    let thread: TrainerThread

    /// Creates a run directory in a new scratch directory and builds the trainer for `plan`.
    /// `prepare` runs between the two, to change the directory before the trainer opens
    /// its trace.
    init(plan: TrainingPlan, prepare: (RunDirectory) throws -> Void = { _ in }) throws {
        scratch = try ScratchDirectory()
        runDirectory = try RunDirectory.create(path: scratch.file("run"), workload: plan.workload, now: Date())
        try prepare(runDirectory)
        trainer = try Trainer(plan: plan, runDirectory: runDirectory, output: output)
        thread = TrainerThread(trainer: trainer)
    }

    /// Stops a trainer that a failed test left running, so it cannot go on training
    /// through the tests after it, and removes the scratch directory.
    deinit {
        if isStarted {
            commands.send(.stop)
            _ = thread.wait()
        }
        scratch.remove()
    }

    func start() {
        isStarted = true
        thread.start(commands: commands)
    }

    func send(_ command: TrainerCommand) {
        XCTAssertTrue(commands.send(command), "the command mailbox is full; \(command) was dropped")
    }

    /// Collects records until one after the record the previous wait returned satisfies
    /// `condition`, and returns it.
    ///
    /// Throws `WaitError` when the trainer ends without publishing such a record, or when
    /// `waitLimit` seconds pass.
    @discardableResult
    func waitFor(_ what: String, _ condition: (TraceRecord) -> Bool) throws -> TraceRecord {
        let deadline = Date().addingTimeInterval(Self.waitLimit)

        while true {
            // Read the outcome before draining, because once it is set every record is in `output`.
            let hasEnded = thread.result != nil
            collect()
            if let index = records[cursor...].firstIndex(where: condition) {
                cursor = index + 1
                return records[index]
            }
            cursor = records.count

            if hasEnded {
                throw WaitError(description: "the trainer ended (\(thread.wait())) before publishing \(what)")
            }
            if Date() >= deadline {
                throw WaitError(description: "timed out after \(Self.waitLimit) s waiting for \(what)")
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }

    /// Waits until the trainer has published the record of step `step` or a later one.
    func waitForStep(_ step: Int) throws {
        try waitFor("step \(step)") { record in
            if case .step(let published) = record { return published.step >= step }
            return false
        }
    }

    /// Waits for the next event of `kind` and returns it.
    @discardableResult
    func waitForEvent(_ kind: EventRecord.Kind) throws -> EventRecord {
        let record = try waitFor("a \(kind.rawValue) event") { record in
            if case .event(let event) = record { return event.kind == kind }
            return false
        }
        guard case .event(let event) = record else {
            throw WaitError(description: "expected an event, found \(record)")
        }
        return event
    }

    /// Waits for the trainer to end and collects its last records.
    func finish() -> TrainerOutcome {
        let outcome = thread.wait()
        collect()
        return outcome
    }

    /// Reads the run's trace from the start, failing the test on any corrupt or skipped line.
    func readTrace(file: StaticString = #filePath, line: UInt = #line) throws -> [TraceRecord] {
        let reader = TraceReader(path: runDirectory.tracePath)
        let decoded = try reader.readToEnd()
        XCTAssertEqual(reader.corruptLineCount, 0, "corrupt trace lines, the latest: \(String(describing: reader.lastCorruption))", file: file, line: line)
        XCTAssertEqual(reader.skippedRecordCount, 0, "trace records of unknown types", file: file, line: line)
        return decoded
    }

    private func collect() {
        let drained = output.drain()
        records += drained.items
        droppedCount += drained.dropped
    }
}

extension TrainingPlan {
    /// Returns a plan for tests: spirals, plain SGD and the brain's defaults unless changed.
    static func testPlan(
        workload: String = "spirals",
        steps: Int,
        exploration: Float? = nil,
        useBrain: Bool = true,
        evaluationInterval: Int = 100
    ) -> TrainingPlan {
        TrainingPlan(
            workload: workload,
            optimizer: .sgd,
            learningRate: 0.05,
            steps: steps,
            seed: 7,
            exploration: exploration,
            useBrain: useBrain,
            evaluationInterval: evaluationInterval
        )
    }
}
