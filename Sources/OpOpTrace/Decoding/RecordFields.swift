/// Typed access to the fields of one JSON object in a trace line, throwing errors that
/// name the line and the field.
struct RecordFields {
    let object: JSONObject
    let lineNumber: Int?
    /// The array and index this object sits at, such as `groups` and 1, so that errors
    /// can name `groups[1].scale`. Nil for the record's top-level object.
    let position: (array: StaticString, index: Int)?

    init(object: JSONObject, lineNumber: Int?, position: (array: StaticString, index: Int)? = nil) {
        self.object = object
        self.lineNumber = lineNumber
        self.position = position
    }

    func fieldName(_ key: StaticString) -> String {
        guard let position else {
            return "\(key)"
        }
        return "\(position.array)[\(position.index)].\(key)"
    }

    func error(_ problem: TraceDecodingError.Problem) -> TraceDecodingError {
        TraceDecodingError(lineNumber: lineNumber, problem: problem)
    }

    func wrongType(_ key: StaticString, expected: String, found: JSONValue) -> TraceDecodingError {
        error(.wrongType(field: fieldName(key), expected: expected, found: found.kindDescription))
    }

    /// Returns the field's value, treating an explicit `null` like an absent field.
    func optionalValue(_ key: StaticString) -> JSONValue? {
        switch object[key] {
        case .none, .null?:
            return nil
        case let value?:
            return value
        }
    }

    func requiredValue(_ key: StaticString) throws(TraceDecodingError) -> JSONValue {
        guard let value = optionalValue(key) else {
            throw error(.missingField(fieldName(key)))
        }
        return value
    }

    func string(_ key: StaticString) throws(TraceDecodingError) -> String {
        let value = try requiredValue(key)
        guard case .string(let text) = value else {
            throw wrongType(key, expected: "a string", found: value)
        }
        return text
    }

    func optionalString(_ key: StaticString) throws(TraceDecodingError) -> String? {
        guard let value = optionalValue(key) else {
            return nil
        }
        guard case .string(let text) = value else {
            throw wrongType(key, expected: "a string or null", found: value)
        }
        return text
    }

    /// Reads an integer, written as an integer literal or as a whole number such as `120.0`.
    func integer(_ key: StaticString) throws(TraceDecodingError) -> Int {
        let value = try requiredValue(key)
        guard case .number(let number) = value else {
            throw wrongType(key, expected: "an integer", found: value)
        }
        if let integer = number.integer {
            return integer
        }

        // 2^63 itself is the first Double outside Int.
        let isWhole = number.value == number.value.rounded(.towardZero)
        guard isWhole, number.value >= -0x1p63, number.value < 0x1p63 else {
            throw error(.invalidValue(field: fieldName(key), value: "\(number.value)", expected: "an integer"))
        }
        return Int(number.value)
    }

    /// Reads a step number, an integer of at least zero.
    func step(_ key: StaticString) throws(TraceDecodingError) -> Int {
        let step = try integer(key)
        guard step >= 0 else {
            throw error(.invalidValue(field: fieldName(key), value: "\(step)", expected: "a step number of 0 or more"))
        }
        return step
    }

    func double(_ key: StaticString) throws(TraceDecodingError) -> Double {
        try Self.double(from: try requiredValue(key), field: { fieldName(key) }, lineNumber: lineNumber)
    }

    func optionalDouble(_ key: StaticString) throws(TraceDecodingError) -> Double? {
        guard let value = optionalValue(key) else {
            return nil
        }
        return try Self.double(from: value, field: { fieldName(key) }, lineNumber: lineNumber)
    }

    func array(_ key: StaticString) throws(TraceDecodingError) -> [JSONValue] {
        let value = try requiredValue(key)
        guard case .array(let elements) = value else {
            throw wrongType(key, expected: "an array", found: value)
        }
        return elements
    }

    func object(_ key: StaticString) throws(TraceDecodingError) -> JSONObject {
        let value = try requiredValue(key)
        guard case .object(let object) = value else {
            throw wrongType(key, expected: "an object", found: value)
        }
        return object
    }

    static let numberExpectation = "a number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\""

    /// Reads a Double from a JSON number or from one of the strings that represent NaN
    /// and the infinities. `field` builds the field's name only when an error needs it.
    static func double(from value: JSONValue, field: () -> String, lineNumber: Int?) throws(TraceDecodingError) -> Double {
        switch value {
        case .number(let number):
            return number.value
        case .string(let text):
            switch text {
            case "\(TraceWireNames.NonFinite.notANumber)":
                return .nan
            case "\(TraceWireNames.NonFinite.positiveInfinity)":
                return .infinity
            case "\(TraceWireNames.NonFinite.negativeInfinity)":
                return -.infinity
            default:
                throw TraceDecodingError(
                    lineNumber: lineNumber,
                    problem: .invalidValue(field: field(), value: "the string \"\(text.prefix(40))\"", expected: numberExpectation)
                )
            }
        default:
            throw TraceDecodingError(
                lineNumber: lineNumber,
                problem: .wrongType(field: field(), expected: numberExpectation, found: value.kindDescription)
            )
        }
    }
}
