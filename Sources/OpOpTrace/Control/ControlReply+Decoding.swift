extension ControlReply {
    /// Decodes one reply line, without its line feed, and checks it against the reply
    /// table: `ok` is required, each known field has its JSON type, and a failed reply
    /// has an `error`. Unknown fields are ignored, and `null` counts as absent.
    ///
    /// Throws a message that names the field and what was wrong with it.
    public static func decode(line: String) throws(ControlReplyDecodingError) -> ControlReply {
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser(limits: .init(maxDepth: 16, maxBytes: 1 << 20)).parse(line) else {
                throw ControlReplyDecodingError(reason: "the reply is not a JSON object: '\(ControlRequest.shortened(line))'")
            }
            object = parsed
        } catch let error as ControlReplyDecodingError {
            throw error
        } catch {
            throw ControlReplyDecodingError(reason: "the reply is not valid JSON (\(error)): '\(ControlRequest.shortened(line))'")
        }

        guard case .bool(let ok)? = object["ok"] else {
            throw ControlReplyDecodingError(reason: "the reply has no boolean \"ok\" field: '\(ControlRequest.shortened(line))'")
        }
        var reply = ControlReply(ok: ok)

        switch object["id"] {
        case nil, .null?:
            break
        case .string(let text)?:
            reply.id = .text(text)
        case .number(let number)? where number.integer != nil:
            reply.id = .number(number.integer!)
        case let other?:
            throw ControlReplyDecodingError(reason: "the reply's \"id\" must be an integer or a string, got \(other.kindDescription)")
        }

        reply.command = try string(object, "command")
        reply.step = try integer(object, "step")
        reply.message = try string(object, "message")
        reply.path = try string(object, "path")
        reply.error = try string(object, "error")
        reply.version = try integer(object, "version")
        reply.run = try string(object, "run")
        reply.pid = try integer(object, "pid")
        switch object["frozen"] {
        case nil, .null?:
            break
        case .bool(let frozen)?:
            reply.frozen = frozen
        case let other?:
            throw ControlReplyDecodingError(reason: "the reply's \"frozen\" must be a boolean, got \(other.kindDescription)")
        }

        if !ok && reply.error == nil {
            throw ControlReplyDecodingError(reason: "the reply has \"ok\":false but no \"error\" string")
        }
        return reply
    }

    private static func string(_ object: JSONObject, _ key: String) throws(ControlReplyDecodingError) -> String? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text
        case let other?:
            throw ControlReplyDecodingError(reason: "the reply's \"\(key)\" must be a string, got \(other.kindDescription)")
        }
    }

    /// Reads an integer field; like trace readers, it accepts a number with a zero
    /// fraction such as `120.0`.
    private static func integer(_ object: JSONObject, _ key: String) throws(ControlReplyDecodingError) -> Int? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .number(let number)?:
            if let integer = number.integer {
                return integer
            }
            if number.value == number.value.rounded(.towardZero), let exact = Int(exactly: number.value) {
                return exact
            }
            throw ControlReplyDecodingError(reason: "the reply's \"\(key)\" must be an integer, got \(number.value)")
        case let other?:
            throw ControlReplyDecodingError(reason: "the reply's \"\(key)\" must be an integer, got \(other.kindDescription)")
        }
    }
}

/// A reply line that is not valid per the control-socket specification.
public struct ControlReplyDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String {
        reason
    }
}
