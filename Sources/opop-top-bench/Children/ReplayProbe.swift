import Foundation
import OpOpTopApp

/// Field names of the probe's JSON line, shared by the child that writes it and the
/// case that reads it.
enum ReplayProbeField {
    static let firstFrame = "first_frame_s"
    static let fullIndex = "full_index_s"
    static let endFrame = "end_frame_s"
    static let seekToEnd = "seek_to_end_s"
    static let peakBytes = "peak_resident_bytes"
    static let lastStep = "last_step"
    static let checkpoints = "checkpoints"
}

func runReplayProbe(_ arguments: [String]) throws -> Int32 {
    guard arguments.count == 1 else {
        throw BenchError("replay-probe takes one trace path, got \(arguments.count) arguments")
    }
    let times = try measureReplayOpening(path: arguments[0])
    guard let peak = ProcessStatus.peakResidentBytes() else {
        throw BenchError("VmHWM is missing from /proc/self/status; peak memory needs Linux's /proc")
    }
    print(encodeChildJSON([
        (ReplayProbeField.firstFrame, times.firstFrame), (ReplayProbeField.fullIndex, times.fullIndex),
        (ReplayProbeField.endFrame, times.endFrame), (ReplayProbeField.seekToEnd, times.seekToEnd),
        (ReplayProbeField.peakBytes, peak), (ReplayProbeField.lastStep, Double(times.lastStep)),
        (ReplayProbeField.checkpoints, Double(times.checkpointCount)),
    ]))
    return 0
}
