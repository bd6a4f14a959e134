/// A parsed JSON value.
///
/// Objects keep their members in document order, duplicates included, because trace
/// metrics are written in an order that matters to the reader.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The kind of value with its article, for messages such as "found an array".
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON number as a Double, plus its exact value when the text was an integer that
/// fits in `Int` (a Double represents integers exactly only up to 2^53).
public struct JSONNumber: Sendable, Equatable {
    public var value: Double
    /// The exact value of an integer literal without fraction or exponent, such as `120`;
    /// nil for `120.0`, `1.2e2` and integers outside `Int`.
    public var integer: Int?

    public init(value: Double, integer: Int? = nil) {
        self.value = value
        self.integer = integer
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object's members in document order.
public struct JSONObject: Sendable, Equatable {
    public var members: [JSONMember]

    public init(members: [JSONMember] = []) {
        self.members = members
    }

    /// Returns the value of the last member named `key`, or nil when there is none.
    /// The last one is what most JSON parsers keep when a key repeats. O(n) in the
    /// member count.
    public subscript(key: String) -> JSONValue? {
        members.last(where: { $0.key == key })?.value
    }

    /// Looks up a static key, comparing UTF-8 bytes without building a String.
    public subscript(key: StaticString) -> JSONValue? {
        let target = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        var index = members.count
        while index > 0 {
            index -= 1
            var name = members[index].key
            guard name.utf8.count == target.count else {
                continue
            }
            if name.withUTF8({ $0.elementsEqual(target) }) {
                return members[index].value
            }
        }
        return nil
    }
}
