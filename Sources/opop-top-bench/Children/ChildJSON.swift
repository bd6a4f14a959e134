import OpOpTrace

/// Reads the last line of a child's output, one JSON object, into numbers by key.
///
/// Throws `BenchError` when the line is not a JSON object or lacks one of `keys`.
func parseChildJSON(_ output: String, keys: [String]) throws -> [String: Double] {
    let line = output.split(separator: "\n").last.map(String.init) ?? ""
    guard case .object(let object) = try JSONParser().parse(line) else {
        throw BenchError("a child process printed '\(line)' instead of a JSON object")
    }
    var fields: [String: Double] = [:]
    for member in object.members {
        if case .number(let number) = member.value {
            fields[member.key] = number.value
        }
    }
    for key in keys where fields[key] == nil {
        throw BenchError("a child process printed '\(line)', which has no number '\(key)'")
    }
    return fields
}

/// Returns one JSON object of numbers as a line of text.
func encodeChildJSON(_ fields: [(key: String, value: Double)]) -> String {
    JSONValue.object(JSONObject(members: fields.map { JSONMember(key: $0.key, value: .number(JSONNumber(value: $0.value))) }))
        .encoded()
}
