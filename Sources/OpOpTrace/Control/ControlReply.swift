/// The reply to one control request. Fields are nil when the reply leaves them out, as
/// the reply table of the control-socket specification defines.
public struct ControlReply: Sendable, Equatable {
    /// True when the command was carried out.
    public var ok: Bool
    /// The request's `id`, when it had one.
    public var id: ControlRequestID?
    /// The command's name, when the request named a known command.
    public var command: String?
    /// The latest finished step, or for a brain-changing command the step after which it
    /// took effect. Present on success.
    public var step: Int?
    /// A sentence for a status line. Present on success.
    public var message: String?
    /// The snapshot file, on a successful `snapshot`.
    public var path: String?
    /// The reason the command failed and what to do. Present when `ok` is false.
    public var error: String?
    /// The protocol's major version, on a successful `ping`.
    public var version: Int?
    /// The run name of the trace header, on a successful `ping`.
    public var run: String?
    /// The trainer's process id, on a successful `ping`.
    public var pid: Int?
    /// Whether the brain is frozen, on a successful `ping` of a run with a brain.
    public var frozen: Bool?

    public init(
        ok: Bool, id: ControlRequestID? = nil, command: String? = nil, step: Int? = nil,
        message: String? = nil, path: String? = nil, error: String? = nil, version: Int? = nil,
        run: String? = nil, pid: Int? = nil, frozen: Bool? = nil
    ) {
        self.ok = ok
        self.id = id
        self.command = command
        self.step = step
        self.message = message
        self.path = path
        self.error = error
        self.version = version
        self.run = run
        self.pid = pid
        self.frozen = frozen
    }

    /// Makes a successful reply to `command`.
    public static func success(_ command: ControlCommand, step: Int, message: String, path: String? = nil) -> ControlReply {
        ControlReply(ok: true, command: command.name, step: step, message: message, path: path)
    }

    /// Makes a failed reply to `command`.
    public static func failure(_ command: ControlCommand, error: String) -> ControlReply {
        ControlReply(ok: false, command: command.name, error: error)
    }

    /// Encodes the reply as one JSON line, ending in a line feed.
    public func encodedLine() -> [UInt8] {
        var output = JSONOutput()
        output.appendASCII("{\"ok\":")
        output.appendASCII(ok ? "true" : "false")

        if let id {
            output.appendASCII(",\"id\":")
            output.append(id)
        }
        appendString(command, key: "command", to: &output)
        appendInteger(step, key: "step", to: &output)
        appendString(message, key: "message", to: &output)
        appendString(path, key: "path", to: &output)
        appendString(error, key: "error", to: &output)
        appendInteger(version, key: "version", to: &output)
        appendString(run, key: "run", to: &output)
        appendInteger(pid, key: "pid", to: &output)
        if let frozen {
            output.appendASCII(",\"frozen\":")
            output.appendASCII(frozen ? "true" : "false")
        }

        output.appendASCII("}\n")
        return output.bytes
    }

    private func appendString(_ value: String?, key: StaticString, to output: inout JSONOutput) {
        guard let value else { return }
        output.appendByte(UInt8(ascii: ","))
        output.appendKey(key)
        output.appendString(value)
    }

    private func appendInteger(_ value: Int?, key: StaticString, to output: inout JSONOutput) {
        guard let value else { return }
        output.appendByte(UInt8(ascii: ","))
        output.appendKey(key)
        output.appendInteger(value)
    }
}
