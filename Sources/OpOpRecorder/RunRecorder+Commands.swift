import OpOpBrain
import OpOpTrace

extension RunRecorder {
    /// The error of every brain command in a run without a brain.
    public static let noBrainMessage = "this run has no brain: there is nothing to freeze, unfreeze, reset or save"

    /// Applies `command` to the brain now and returns the reply for it. Call it between
    /// two steps, on the training thread.
    ///
    /// Each change writes an event at the latest finished step, which is also the
    /// reply's `step`. A command that asks for the state the brain is already in, such
    /// as `freeze` on a frozen brain, succeeds with a message that says so and writes no
    /// event. In a run without a brain, every command but `ping` fails.
    public func apply(_ command: ControlCommand) -> ControlReply {
        let reply = applyToBrain(command)
        publishState()
        return reply
    }

    private func applyToBrain(_ command: ControlCommand) -> ControlReply {
        if command == .ping {
            return .success(.ping, step: step, message: "training at step \(step)")
        }
        guard let brain else {
            return .failure(command, error: Self.noBrainMessage)
        }

        switch command {
        case .ping:
            return .success(.ping, step: step, message: "training at step \(step)")

        case .freeze:
            guard !brain.isFrozen else {
                return .success(command, step: step, message: "the brain is already frozen at step \(step)")
            }
            brain.freeze()
            return succeed(command, event: .freeze, message: "brain frozen at step \(step)")

        case .unfreeze:
            guard brain.isFrozen else {
                return .success(command, step: step, message: "the brain is not frozen at step \(step); nothing to unfreeze")
            }
            brain.unfreeze()
            return succeed(command, event: .unfreeze, message: "brain unfrozen at step \(step)")

        case .reset(let group):
            guard let index = header.groupNames.firstIndex(of: group) else {
                return .failure(command, error: "unknown group '\(group)' (groups: \(header.groupNames.joined(separator: ", ")))")
            }
            do {
                try reset(group: index)
            } catch {
                recordEvent(.error, message: "reset failed: \(error)")
                return .failure(command, error: "reset of group \(group) failed: \(error)")
            }
            return succeed(command, event: .reset, group: group, message: "group \(group) reset to neutral at step \(step)")

        case .resetAll:
            resetAll()
            return succeed(command, event: .reset, message: "all \(header.groupNames.count) groups reset to neutral at step \(step)")

        case .snapshot:
            switch saveSnapshot(failurePrefix: "snapshot failed, training continues") {
            case .success(let saved):
                return .success(command, step: step, message: saved.message, path: saved.path)
            case .failure(let error):
                return .failure(command, error: "snapshot failed: \(error.message)")
            }
        }
    }

    /// The outcome of a successful `saveSnapshot`.
    public struct SavedSnapshot: Sendable, Equatable {
        public var path: String
        public var message: String
        /// False when the brain at this step was already saved, so no file was written.
        public var isNew: Bool
    }

    /// The error of a failed `saveSnapshot`.
    public struct SnapshotError: Error, Sendable, Equatable {
        public var message: String
    }

    /// Saves the brain to `snapshots/step-NNNNNN.npz` for the latest step, calls `fsync`
    /// on the trace and writes a `snapshot` event. When this step is already saved it
    /// writes a `note` event naming that file instead.
    ///
    /// On failure it writes an `error` event that starts with `failurePrefix`. In a run
    /// without a brain it fails with `noBrainMessage` and writes nothing.
    public func saveSnapshot(failurePrefix: String) -> Result<SavedSnapshot, SnapshotError> {
        guard let brain else {
            return .failure(SnapshotError(message: Self.noBrainMessage))
        }

        if let lastSnapshot, lastSnapshot.step == step {
            let message = "the brain at step \(step) is already saved in \(lastSnapshot.path)"
            recordEvent(.note, message: message)
            return .success(SavedSnapshot(path: lastSnapshot.path, message: message, isNew: false))
        }

        let path = runDirectory.snapshotPath(step: step)
        do {
            try brain.saveCheckpoint(to: path)
        } catch {
            recordEvent(.error, message: "\(failurePrefix): \(error)")
            return .failure(SnapshotError(message: "\(error)"))
        }

        writer.flush(sync: true)
        lastSnapshot = (step, path)
        let message = "snapshot saved to \(path)"
        recordEvent(.snapshot, path: path, message: message)
        return .success(SavedSnapshot(path: path, message: message, isNew: true))
    }

    private func succeed(_ command: ControlCommand, event kind: EventRecord.Kind, group: String? = nil, message: String) -> ControlReply {
        recordEvent(kind, group: group, message: message)
        return .success(command, step: step, message: message)
    }

    private func reset(group index: Int) throws {
        switch controls {
        case .optimizer(let optimizer): try optimizer.reset(group: index)
        case .brain(let brain): try brain.reset(group: index)
        case .none: break
        }
    }

    private func resetAll() {
        switch controls {
        case .optimizer(let optimizer): optimizer.resetAll()
        case .brain(let brain): brain.resetAll()
        case .none: break
        }
    }
}
