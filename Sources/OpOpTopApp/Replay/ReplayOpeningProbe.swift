import Foundation
import OpOpDashboard

/// How long `opop-top replay` takes to open one trace, measured on the replay's own
/// session, index and rendering code, without a terminal.
public struct ReplayOpeningTimes: Sendable {
    /// Seconds from the call until the first frame is rendered.
    public var firstFrame: Double
    /// Seconds from the call until the background pass has read the whole trace.
    public var fullIndex: Double
    /// Seconds from the call until a frame at the last step is rendered. The End key
    /// goes only as far as the trace has been read, so the probe presses it once the
    /// index is complete.
    public var endFrame: Double
    /// Seconds that the End key and its frame take alone, after the full index.
    public var seekToEnd: Double
    /// The last step the frame shows.
    public var lastStep: Int
    /// History copies the index keeps, and the steps between two of them.
    public var checkpointCount: Int
    public var checkpointInterval: Int
}

/// A failed replay measurement, with what went wrong and on which trace.
public struct ReplayProbeError: Error, CustomStringConvertible {
    public var description: String
}

/// Opens the trace at `path` as `opop-top replay` does, renders frames of `width` by
/// `height` cells, and returns the times. Waits at most `timeout` seconds for the index.
///
/// Throws `ReplayProbeError` when the trace cannot be opened, its index fails, or the
/// index is not complete in time.
public func measureReplayOpening(path: String, width: Int = 100, height: Int = 30, timeout: Double = 3600)
    throws -> ReplayOpeningTimes
{
    let clock = ContinuousClock()
    let start = clock.now
    let sinceStart = { () -> Double in
        let parts = (clock.now - start).components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    let run: ReplayRun
    do {
        run = try ReplayInput.open(path).makeRun()
    } catch {
        throw ReplayProbeError(description: "cannot replay '\(path)': \(error)")
    }
    defer { run.indexer.stop() }
    let session = ReplaySession(runs: [run])
    _ = session.frame(width: width, height: height, now: 0, options: RenderOptions())
    let firstFrame = sinceStart()

    while true {
        let snapshot = run.indexer.index.snapshot
        if let failure = snapshot.failure {
            throw ReplayProbeError(description: "reading '\(path)' for the replay index failed: \(failure)")
        }
        if snapshot.isComplete {
            break
        }
        if sinceStart() > timeout {
            throw ReplayProbeError(
                description: "the replay index of '\(path)' was not complete after \(Int(timeout)) s; give a shorter trace or a longer timeout")
        }
        usleep(1_000)
    }
    let fullIndex = sinceStart()

    session.apply(.end, now: 0)
    _ = session.frame(width: width, height: height, now: 0, options: RenderOptions())
    let endFrame = sinceStart()

    let index = run.indexer.index.snapshot
    guard let lastStep = session.position, lastStep == index.lastStep else {
        throw ReplayProbeError(
            description: "the End key in '\(path)' went to step \(session.position.map(String.init) ?? "none")"
                + " but the index ends at step \(index.lastStep.map(String.init) ?? "none")")
    }
    return ReplayOpeningTimes(
        firstFrame: firstFrame, fullIndex: fullIndex, endFrame: endFrame, seekToEnd: endFrame - fullIndex,
        lastStep: lastStep, checkpointCount: index.checkpoints.count, checkpointInterval: index.interval)
}
