import Foundation
import OpOpBrain
import OpOpTrace
import Synchronization

/// Records a training run into a run directory and lets other processes steer its brain.
///
/// A recorder owns the run's `TraceWriter` and, unless turned off, a `ControlServer` on
/// the directory's `control.sock`. The training loop hands it each step, evaluation and
/// event, and calls `applyControlCommands()` between two steps. That applies the
/// commands received on the socket to the brain, writes an event for each change and
/// sends the replies. Keyboard commands of a dashboard go through `apply(_:)`, the same
/// code path. Call `close()` when training ends.
///
/// A recorder is used by the training thread only. Its writer and server threads never
/// touch the brain.
public final class RunRecorder {
    /// The brain, if any, that the recorder's commands act on.
    public enum Controls {
        /// No brain: the bare optimizer trains, and brain commands fail.
        case none
        /// A brain driven by the caller's own loop.
        case brain(Brain)
        /// A `BrainOptimizer`, whose resets also clear its dampening state.
        case optimizer(BrainOptimizer)
    }

    public struct Options {
        /// False records without a control socket, so the run is read-only to viewers.
        public var servesControlSocket = true
        public var writerConfiguration = TraceWriter.Configuration()
        public var serverConfiguration = ControlServer.Configuration()
        /// Called on the recording thread with every record after it is queued for the
        /// trace, such as to show it on a dashboard.
        public var recordObserver: ((TraceRecord) -> Void)?
        /// Called on the trace writer's thread when writing starts to fail, with the
        /// latest finished step. It must return quickly; see `TraceWriter.init`.
        public var writerErrorHandler: (@Sendable (TraceWriterError, Int) -> Void)?

        public init() {}
    }

    public let runDirectory: RunDirectory
    public let header: TraceHeader
    public let writer: TraceWriter
    /// The control server, or nil when `servesControlSocket` was false or after `close()`.
    public private(set) var controlServer: ControlServer?

    /// The latest finished step, as the latest step record set it.
    public private(set) var step = 0

    let controls: Controls
    private let observer: ((TraceRecord) -> Void)?
    /// A copy of `step` for the writer's error handler, which runs on another thread.
    private let sharedStep: SharedStep
    /// The latest snapshot, so that a second request at the same step reports the first
    /// file instead of writing the same brain again.
    var lastSnapshot: (step: Int, path: String)?
    private var isClosed = false

    /// Opens the trace for appending, writes `header` as its next record and starts the
    /// control server.
    ///
    /// A trainer restarting in a directory that already has a trace passes a header with
    /// the same run name and groups, and readers then keep the old records.
    public init(runDirectory: RunDirectory, header: TraceHeader, controls: Controls, options: Options = Options()) throws(RunRecorderError) {
        if let brain = controls.brain, brain.groupNames != header.groupNames {
            throw .groupMismatch(header: header.groupNames, brain: brain.groupNames)
        }
        self.runDirectory = runDirectory
        self.header = header
        self.controls = controls
        observer = options.recordObserver

        let sharedStep = SharedStep()
        self.sharedStep = sharedStep
        let errorHandler = options.writerErrorHandler
        do {
            writer = try TraceWriter(path: runDirectory.tracePath, configuration: options.writerConfiguration) { error in
                errorHandler?(error, sharedStep.load())
            }
        } catch {
            throw .traceWriter(error)
        }

        if options.servesControlSocket {
            do {
                controlServer = try ControlServer(
                    runDirectory: runDirectory.path, runName: header.runName, configuration: options.serverConfiguration
                )
            } catch {
                writer.close()
                throw .controlServer(error)
            }
        }

        record(.header(header))
        publishState()
    }

    /// The brain the commands act on, or nil when the run has none.
    public var brain: Brain? {
        controls.brain
    }

    // MARK: - Records

    /// Records one training step and publishes it as the latest step for `ping`.
    public func record(step record: StepRecord) {
        step = record.step
        sharedStep.store(record.step)
        self.record(.step(record))
        publishState()
    }

    public func record(evaluation: EvaluationRecord) {
        record(.evaluation(evaluation))
    }

    /// Records an event at the latest finished step.
    public func recordEvent(_ kind: EventRecord.Kind, group: String? = nil, path: String? = nil, message: String) {
        record(.event(EventRecord(
            step: step, wallTime: Date().timeIntervalSince1970, kind: kind, group: group, path: path, message: message
        )))
    }

    /// Queues any record for the trace and passes it to the record observer.
    public func record(_ record: TraceRecord) {
        writer.append(record)
        observer?(record)
    }

    // MARK: - Commands

    /// Applies the commands received on the control socket since the last call and
    /// sends their replies. Call it between two steps. With no command waiting it costs
    /// one atomic load.
    public func applyControlCommands() {
        guard let controlServer else { return }
        for pending in controlServer.takePendingCommands() {
            controlServer.complete(pending, with: apply(pending.command))
        }
    }

    /// Stops serving the control socket and removes it. Commands not yet applied get an
    /// error reply. The trace stays open.
    public func stopServing() {
        controlServer?.stop()
        controlServer = nil
    }

    /// Stops serving, then writes the queued records and closes the trace with `fsync`.
    /// Calling it again does nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        stopServing()
        writer.close()
    }

    /// Passes the latest step and the brain's state to the control server for `ping`.
    func publishState() {
        controlServer?.publish(step: step, frozen: brain?.isFrozen)
    }
}

extension RunRecorder.Controls {
    var brain: Brain? {
        switch self {
        case .none: nil
        case .brain(let brain): brain
        case .optimizer(let optimizer): optimizer.brain
        }
    }
}

/// A step number that the training thread stores and the writer thread reads.
private final class SharedStep: Sendable {
    private let value = Atomic<Int>(0)

    func store(_ step: Int) {
        value.store(step, ordering: .relaxed)
    }

    func load() -> Int {
        value.load(ordering: .relaxed)
    }
}
