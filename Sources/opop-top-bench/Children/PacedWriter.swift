import Foundation
import OpOpTrace

/// Writes a live trace at a fixed step rate through the trainer's `TraceWriter`, as a
/// fast trainer would, then a `trainer_end` event.
func runPacedWriter(_ arguments: [String]) throws -> Int32 {
    guard arguments.count == 4, let groups = Int(arguments[1]), groups > 0, let rate = Double(arguments[2]), rate > 0,
        let seconds = Double(arguments[3]), seconds > 0
    else {
        throw BenchError("write-trace takes PATH GROUPS RATE SECONDS with positive numbers, got \(arguments)")
    }
    let writer = try TraceWriter(path: arguments[0])
    writer.append(TraceRecords.header(groups: groups, runName: "paced"))
    let templates = TraceRecords.steps(count: 1_000, groups: groups)

    let start = monotonicNanoseconds()
    var step = 0
    while true {
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        if elapsed >= seconds {
            break
        }
        let due = Int(elapsed * rate)
        while step < due {
            step += 1
            var record = templates[(step - 1) % templates.count]
            record.step = step
            record.wallTime = Date().timeIntervalSince1970
            writer.append(.step(record))
        }
        usleep(1_000)
    }
    writer.append(.event(EventRecord(step: step, wallTime: Date().timeIntervalSince1970, kind: .trainerEnd, message: "paced writer finished")))
    writer.close()
    if writer.droppedRecordCount > 0 {
        throw BenchError("the trace writer dropped \(writer.droppedRecordCount) records while writing '\(arguments[0])'")
    }
    return 0
}
