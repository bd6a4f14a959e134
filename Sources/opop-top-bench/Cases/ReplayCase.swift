import Foundation
import OpOpTrace

/// Free disk space the replay case always leaves, in bytes.
private let reservedDiskBytes = 20e9

/// Case "replay": opening a large trace with `opop-top replay`'s index and seek code,
/// each repetition in a fresh child process, so the peak memory is the replay's alone.
func measureReplayCase(_ context: BenchContext) throws -> [Figure] {
    let shapes = context.quick ? [(steps: 20_000, groups: 8), (steps: 5_000, groups: 48)]
        : [(steps: 1_000_000, groups: 8), (steps: 5_000_000, groups: 48)]
    var figures: [Figure] = []
    for shape in shapes {
        figures += try measureReplay(steps: shape.steps, groups: shape.groups, context: context)
    }
    return figures
}

private func measureReplay(steps requested: Int, groups: Int, context: BenchContext) throws -> [Figure] {
    let label = "\(requested >= 1_000_000 ? "\(requested / 1_000_000)M" : "\(requested / 1_000)k")x\(groups)"
    let lineBytes = TraceRecords.meanLineBytes(groups: groups)
    let neededBytes = Double(requested) * lineBytes
    guard let free = ProcessStatus.freeBytes(at: context.scratchDirectory) else {
        throw BenchError("statvfs on '\(context.scratchDirectory)' failed: \(String(cString: strerror(errno)))")
    }

    // Never leave less than the reserve free: shrink the trace to what fits.
    var steps = requested
    var sizeNote = ""
    if free - neededBytes < reservedDiskBytes {
        steps = Int(max(0, free - reservedDiskBytes) / lineBytes) / 100_000 * 100_000
        sizeNote = "\(requested) steps would need \(formatFigure(neededBytes / 1e9)) GB and leave under"
            + " \(formatFigure(reservedDiskBytes / 1e9)) GB free, so \(steps) steps (\(formatFigure(Double(steps) * lineBytes / 1e9)) GB)"
        guard steps > 0 else {
            return [Figure("replay", "\(label): not run", nil, "", detail: sizeNote)]
        }
    }

    let path = context.scratchFile("replay-\(groups)-groups.jsonl")
    FileHandle.standardError.write(Data("opop-top-bench: writing \(steps) steps x \(groups) groups to \(path)\n".utf8))
    let templates = TraceRecords.steps(count: 1_000, groups: groups)
    let bytes = try TraceRecords.writeTrace(path: path, steps: steps, templates: templates, groups: groups)
    defer { try? FileManager.default.removeItem(atPath: path) }

    var samples: [[String: Double]] = []
    for _ in 0..<context.size(quick: 1, full: 3) {
        let output = try runAndCapture([benchExecutablePath, ChildCommand.replayProbe.rawValue, path])
        samples.append(try parseChildJSON(output, keys: [
            ReplayProbeField.firstFrame, ReplayProbeField.fullIndex, ReplayProbeField.endFrame, ReplayProbeField.seekToEnd,
            ReplayProbeField.peakBytes, ReplayProbeField.lastStep, ReplayProbeField.checkpoints,
        ]))
    }
    func values(_ key: String) -> [Double] { samples.map { $0[key]! } }
    guard values(ReplayProbeField.lastStep).allSatisfy({ Int($0) == steps }) else {
        throw BenchError("the replay of '\(path)' ended at step \(values(ReplayProbeField.lastStep)) instead of \(steps)")
    }

    let isMillion = groups == 8
    let shape = "\(steps) steps x \(groups) groups, \(formatFigure(Double(bytes) / 1e6)) MB"
    let peaks = values(ReplayProbeField.peakBytes).map { $0 / 1e6 }
    let checkpoints = Int(values(ReplayProbeField.checkpoints)[0])
    return [
        Figure(
            "replay", "\(label): first frame", median(values(ReplayProbeField.firstFrame)), "s",
            target: isMillion ? .atMost(0.5) : nil, detail: "\(shape); \(sizeNote.isEmpty ? "" : sizeNote + "; ")\(spreadText(values(ReplayProbeField.firstFrame)))"),
        Figure(
            "replay", "\(label): full index", median(values(ReplayProbeField.fullIndex)), "s",
            detail: "\(formatFigure(Double(bytes) / 1e6 / median(values(ReplayProbeField.fullIndex)))) MB/s; \(checkpoints) checkpoints"),
        Figure(
            "replay", "\(label): end frame from opening", median(values(ReplayProbeField.endFrame)), "s",
            detail: "End pressed once the index is complete; the seek and frame alone take"
                + " \(formatFigure(median(values(ReplayProbeField.seekToEnd)) * 1e3)) ms"),
        Figure(
            "replay", "\(label): peak memory", median(peaks), "MB",
            target: isMillion ? nil : .atMost(100),
            detail: "VmHWM of a fresh child process per run; \(spreadText(peaks))"),
    ]
}

