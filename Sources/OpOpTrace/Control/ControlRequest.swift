/// One request line: a command and the optional `id` the reply copies.
public struct ControlRequest: Sendable, Equatable {
    public var command: ControlCommand
    public var id: ControlRequestID?

    public init(command: ControlCommand, id: ControlRequestID? = nil) {
        self.command = command
        self.id = id
    }

    /// Encodes the request as one JSON line, ending in a line feed.
    public func encodedLine() -> [UInt8] {
        var output = JSONOutput()
        output.appendByte(UInt8(ascii: "{"))
        output.appendKey("command")
        output.appendString(command.name)
        if case .reset(let group) = command {
            output.appendByte(UInt8(ascii: ","))
            output.appendKey("group")
            output.appendString(group)
        }
        if let id {
            output.appendByte(UInt8(ascii: ","))
            output.appendKey("id")
            output.append(id)
        }
        output.appendASCII("}\n")
        return output.bytes
    }

    /// Decodes one request line, without its line feed.
    ///
    /// A request that cannot be carried out throws a `ControlRequestError`, which keeps the
    /// `id` and the command name when the line had them, so the error reply can copy them.
    public static func decode(line: UnsafeBufferPointer<UInt8>) throws(ControlRequestError) -> ControlRequest {
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser(limits: .init(maxDepth: 16, maxBytes: 1 << 20)).parse(line) else {
                throw ControlRequestError(reason: Self.describeInvalid(line))
            }
            object = parsed
        } catch {
            throw ControlRequestError(reason: Self.describeInvalid(line))
        }

        var id: ControlRequestID?
        switch object["id"] {
        case nil, .null?:
            id = nil
        case .string(let text)?:
            id = .text(text)
        case .number(let number)?:
            guard let integer = number.integer else {
                throw ControlRequestError(reason: "invalid request: \"id\" must be an integer or a string, got \(number.value)")
            }
            id = .number(integer)
        case let other?:
            throw ControlRequestError(reason: "invalid request: \"id\" must be an integer or a string, got \(other.kindDescription)")
        }

        guard case .string(let name)? = object["command"] else {
            throw ControlRequestError(id: id, reason: Self.describeInvalid(line))
        }

        switch name {
        case "ping": return ControlRequest(command: .ping, id: id)
        case "freeze": return ControlRequest(command: .freeze, id: id)
        case "unfreeze": return ControlRequest(command: .unfreeze, id: id)
        case "reset_all": return ControlRequest(command: .resetAll, id: id)
        case "snapshot": return ControlRequest(command: .snapshot, id: id)
        case "reset":
            guard case .string(let group)? = object["group"] else {
                throw ControlRequestError(
                    id: id, command: name,
                    reason: "the reset command needs a \"group\" string naming the group to reset, such as {\"command\":\"reset\",\"group\":\"layer1.weight\"}"
                )
            }
            return ControlRequest(command: .reset(group: group), id: id)
        default:
            throw ControlRequestError(
                id: id,
                reason: "unknown command '\(Self.shortened(name))' (commands: \(ControlCommand.names.joined(separator: ", ")))"
            )
        }
    }

    /// Decodes one request line given as a String, without its line feed.
    public static func decode(line: String) throws(ControlRequestError) -> ControlRequest {
        var line = line
        let result = line.withUTF8 { bytes in
            Result { () throws(ControlRequestError) in try decode(line: bytes) }
        }
        return try result.get()
    }

    private static func describeInvalid(_ line: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: line, as: UTF8.self)
        return "invalid request: expected a JSON object with a \"command\" field, got '\(shortened(text))'"
    }

    /// Cuts text quoted in an error reply to 80 characters, so a long bad line does not
    /// come back whole.
    static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}

/// A request line that cannot be carried out, with what the error reply copies from it.
public struct ControlRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request's `id`, when it had a valid one.
    public var id: ControlRequestID?
    /// The command name, when the request named a known command.
    public var command: String?
    /// The reason the request failed and what to do, for the reply's `error`.
    public var reason: String

    public init(id: ControlRequestID? = nil, command: String? = nil, reason: String) {
        self.id = id
        self.command = command
        self.reason = reason
    }

    public var description: String {
        reason
    }

    /// The error reply for this request.
    public var reply: ControlReply {
        ControlReply(ok: false, id: id, command: command, error: reason)
    }
}

extension JSONOutput {
    mutating func append(_ id: ControlRequestID) {
        switch id {
        case .number(let value): appendInteger(value)
        case .text(let text): appendString(text)
        }
    }
}
