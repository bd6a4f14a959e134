import OpOpBrain
import OpOpTrace

/// A failed check of the files a run wrote.
struct ReadBackError: Error, CustomStringConvertible {
    var description: String
}

/// Reads the run's trace and checkpoint back as a later reader would, checks them
/// against the run, and prints what they contain.
func readBack(_ run: FinishedRun) throws {
    let reader = TraceReader(path: run.directory.tracePath)
    let records = try reader.readToEnd()

    var headers = 0, steps = 0, evaluations = 0, events = 0
    for record in records {
        switch record {
        case .header: headers += 1
        case .step: steps += 1
        case .evaluation: evaluations += 1
        case .event: events += 1
        }
    }
    guard headers == 1, steps == run.steps, reader.corruptLineCount == 0 else {
        throw ReadBackError(description:
            "trace '\(run.directory.tracePath)' has \(headers) headers, \(steps) step records and"
            + " \(reader.corruptLineCount) corrupt lines; expected 1 header, \(run.steps) step records and none corrupt")
    }

    // A fresh brain with the same configuration takes the checkpoint's whole state.
    let restored = try Brain(configuration: run.brain.configuration)
    try restored.loadCheckpoint(from: run.checkpointPath)
    guard restored.status == run.brain.status else {
        throw ReadBackError(description:
            "checkpoint '\(run.checkpointPath)' loaded, but the restored brain's status differs from the saved"
            + " brain's: \(restored.status) instead of \(run.brain.status)")
    }

    print("run directory: \(run.directory.path)")
    print("  trace:      \(run.directory.tracePath) (\(steps) steps, \(evaluations) evaluations, \(events) events)")
    print("  checkpoint: \(run.checkpointPath) (reloads into a fresh brain)")
}
