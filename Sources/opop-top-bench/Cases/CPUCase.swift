import Foundation
import OpOpTrace

/// Case "cpu": opop-top's own CPU use under tmux at 100x30, attached to a finished run
/// and following a run that a child process writes at 10,000 steps/s.
func measureCPUCase(_ context: BenchContext) throws -> [Figure] {
    guard (try? runAndCapture(["tmux", "-V"])) != nil else {
        return [Figure("cpu", "not run", nil, "", detail: "tmux is not installed; install it (Debian package tmux) for this case")]
    }
    return try measureIdle(context: context) + (try measureFollowing(context: context))
}

private let followRate = 10_000.0

/// Seconds over which CPU time is counted.
private func windowSeconds(_ context: BenchContext) -> Double {
    context.size(quick: 2, full: 20)
}

private func measureIdle(context: BenchContext) throws -> [Figure] {
    let directory = context.scratchFile("idle-run")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/trace.jsonl"
    try TraceRecords.writeTrace(path: path, steps: 10_000, templates: TraceRecords.steps(count: 1_000, groups: 8), groups: 8)

    let tmux = try AttachedViewer(tracePath: path, context: context)
    defer { tmux.stop() }
    try tmux.waitForScreen(containing: "ENDED", timeout: 30)
    try tmux.waitForScreen(containing: "step 10000", timeout: 30)

    let window = windowSeconds(context)
    let percent = try tmux.cpuPercent(over: window)
    return [
        Figure(
            "cpu", "opop-top attach, idle", percent, "% of a core", target: .atMost(0.3),
            detail: "finished run of 10000 steps x 8 groups, tmux 100x30, /proc/PID/stat over \(formatFigure(window)) s; single run"),
    ]
}

private func measureFollowing(context: BenchContext) throws -> [Figure] {
    let window = windowSeconds(context)
    let directory = context.scratchFile("live-run")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/trace.jsonl"

    let writer = try ChildProcess([
        benchExecutablePath, ChildCommand.writeTrace.rawValue, path, "8", "\(Int(followRate))", "\(window + 15)",
    ])
    defer { writer.stop() }
    let fileDeadline = Date().addingTimeInterval(10)
    while !FileManager.default.fileExists(atPath: path) || ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0 {
        guard Date() < fileDeadline else {
            throw BenchError("the paced writer wrote nothing to '\(path)' within 10 s")
        }
        usleep(50_000)
    }

    let tmux = try AttachedViewer(tracePath: path, context: context)
    defer { tmux.stop() }
    try tmux.waitForScreen(containing: "LIVE", timeout: 30)
    sleep(2)

    // Lag: the step on screen against the last step in the file, sampled through the window.
    var lags: [Double] = []
    let startCPU = try tmux.cpuSeconds()
    let clock = Stopwatch()
    while clock.wallSeconds < window {
        usleep(context.quick ? 250_000 : 1_000_000)
        let shown = try tmux.shownStep()
        let written = lastStepInFile(path)
        if let shown, let written {
            lags.append(Double(written - shown))
        }
    }
    let percent = (try tmux.cpuSeconds() - startCPU) / clock.wallSeconds * 100

    guard lags.count >= 2 else {
        throw BenchError("the status line showed no step while following '\(path)'; \(lags.count) samples")
    }
    let half = lags.count / 2
    let early = median(Array(lags[..<half]))
    let late = median(Array(lags[half...]))
    let detail = "writer child at \(Int(followRate)) steps/s, 8 groups, TraceWriter flushing every 0.5 s;"
    return [
        Figure(
            "cpu", "opop-top attach, following", percent, "% of a core", target: .atMost(15),
            detail: "\(detail) /proc/PID/stat over \(formatFigure(clock.wallSeconds)) s; single run"),
        Figure(
            "cpu", "following lag, first half", early, "steps",
            detail: "median of \(half) samples of (last step in the file - step on screen)"),
        Figure(
            "cpu", "following lag, second half", late, "steps",
            detail: "median of \(lags.count - half) samples; max \(formatFigure(lags.max()!)) steps;"
                + " a lag that grows from the first half means opop-top falls behind"),
    ]
}

/// Returns the step of the last complete step line in the file at `path`.
private func lastStepInFile(_ path: String) -> Int? {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        return nil
    }
    defer { try? handle.close() }
    guard let size = try? handle.seekToEnd(), size > 0 else {
        return nil
    }
    let tail: UInt64 = 64 * 1024
    try? handle.seek(toOffset: size > tail ? size - tail : 0)
    guard let data = try? handle.readToEnd() else {
        return nil
    }
    let lines = data.split(separator: UInt8(ascii: "\n"))
    for line in lines.reversed() {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("{"), text.hasSuffix("}"), text.contains("\"type\":\"step\""),
            let range = text.range(of: "\"step\":")
        else {
            continue
        }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        if let step = Int(digits) {
            return step
        }
    }
    return nil
}
