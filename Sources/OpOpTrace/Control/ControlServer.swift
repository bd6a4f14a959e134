import Foundation
import Glibc
import Synchronization

/// Serves the control socket of a run directory on a thread of its own.
///
/// The server thread accepts connections, reads request lines and writes replies with a
/// `poll(2)` loop over non-blocking sockets, so no client can block it or the trainer.
/// It replies to `ping` itself, from the state the trainer last passed to `publish`. It
/// queues every brain-changing command for the training loop, which calls
/// `takePendingCommands()` between two steps, applies each command and passes the reply
/// to `complete(_:with:)`. The server thread then sends that reply.
///
/// Call `stop()` when training ends: it closes every connection and removes the socket.
public final class ControlServer: @unchecked Sendable {
    // @unchecked: `shared` and the atomics are the only state both threads touch; the
    // connections belong to the server thread alone.

    public let runDirectory: String
    public let runName: String
    public let configuration: Configuration

    /// The socket's path, as messages show it.
    public var socketPath: String {
        runDirectory + "/" + controlSocketFileName
    }

    struct Shared {
        var queued: [PendingControlCommand] = []
        var completions: [(PendingControlCommand, ControlReply)] = []
    }

    let shared = Mutex(Shared())
    /// Set while `shared.queued` is not empty, so an empty check costs one atomic load.
    let hasQueued = Atomic<Bool>(false)
    let latestStep = Atomic<Int>(0)
    /// The brain's state for `ping`: -1 when the run has no brain, 0 running, 1 frozen.
    let frozenState = Atomic<Int>(-1)
    let isStopping = Atomic<Bool>(false)

    let listener: Int32
    let wakeReader: Int32
    let wakeWriter: Int32
    private let directory: Int32
    private let socketIdentity: POSIX.FileIdentity
    private let finished = DispatchSemaphore(value: 0)
    private let stopOnce = Mutex(false)

    /// Binds `control.sock` in `runDirectory` with mode 0600 and starts serving it.
    ///
    /// A socket left behind by a dead trainer (`connect` fails with `ECONNREFUSED`) is
    /// removed first. A socket that accepts a connection belongs to a live trainer, and
    /// the server does not start.
    ///
    /// - Parameter runName: The run name of the trace header, for `ping` replies.
    public init(runDirectory: String, runName: String, configuration: Configuration = Configuration()) throws(ControlServerError) {
        self.runDirectory = runDirectory
        self.runName = runName
        self.configuration = configuration

        let setup = try ControlServerSetup.bind(runDirectory: runDirectory)
        directory = setup.directory
        listener = setup.listener
        socketIdentity = setup.identity
        wakeReader = setup.wakeReader
        wakeWriter = setup.wakeWriter

        // The thread keeps a reference to the server until `stop()` ends the loop.
        let thread = Thread { [self] in
            ControlServerLoop(server: self).run()
            finished.signal()
        }
        thread.name = "opop-control"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Publishes the trainer's state for `ping` replies. Costs two atomic stores.
    ///
    /// - Parameters:
    ///   - step: The latest finished step.
    ///   - frozen: Whether the brain is frozen; nil when the run has no brain.
    public func publish(step: Int, frozen: Bool?) {
        latestStep.store(step, ordering: .relaxed)
        frozenState.store(frozen.map { $0 ? 1 : 0 } ?? -1, ordering: .relaxed)
    }

    /// Removes and returns the brain-changing commands received since the last call,
    /// oldest first. When none are waiting it costs one atomic load and makes no
    /// system call, so the training loop can call it at every step.
    public func takePendingCommands() -> [PendingControlCommand] {
        guard hasQueued.load(ordering: .acquiring) else {
            return []
        }
        return shared.withLock { shared in
            hasQueued.store(false, ordering: .releasing)
            let taken = shared.queued
            shared.queued.removeAll()
            return taken
        }
    }

    /// Sends `reply` as the reply to `pending`, copying the request's `id` and the
    /// command's name into it. Thread-safe; it never waits for the client. The reply is
    /// discarded when the client has disconnected.
    public func complete(_ pending: PendingControlCommand, with reply: ControlReply) {
        var reply = reply
        reply.id = pending.requestID
        reply.command = pending.command.name
        shared.withLock { $0.completions.append((pending, reply)) }
        wake()
    }

    /// Closes every connection, stops the server thread and removes the socket file,
    /// unless another server has replaced it meanwhile. Commands not yet applied get an
    /// error reply. Calling it again does nothing.
    public func stop() {
        let alreadyStopped = stopOnce.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }

        isStopping.store(true, ordering: .releasing)
        wake()
        finished.wait()

        var info = stat()
        if fstatat(directory, controlSocketFileName, &info, AT_SYMLINK_NOFOLLOW) == 0,
           POSIX.FileStatus(info).identity == socketIdentity {
            unlinkat(directory, controlSocketFileName, 0)
        }
        close(listener)
        close(wakeReader)
        close(wakeWriter)
        close(directory)
    }

    /// Wakes the server thread's `poll`. A full pipe already contains a wake-up, so a
    /// failed write is ignored.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
    }
}
