import Foundation
import OpOpTrace

/// Writes the machine and the figures as one JSON object to `path`.
///
/// The object has `machine` (cpu_model, cores, swift_version, date, build) and
/// `figures`, each with case, name, value (null when not measured), unit, target
/// (null, or an object with `at_most` or `at_least`), met (null without a target) and detail.
func writeJSON(_ figures: [Figure], machine: Machine, options: BenchOptions, to path: String) throws {
    let machineObject = JSONValue.object(JSONObject(members: [
        JSONMember(key: "cpu_model", value: .string(machine.cpuModel)),
        JSONMember(key: "cores", value: .number(JSONNumber(value: Double(machine.cores), integer: machine.cores))),
        JSONMember(key: "swift_version", value: .string(machine.swiftVersion)),
        JSONMember(key: "date", value: .string(machine.date)),
        JSONMember(key: "build", value: .string(machine.buildConfiguration)),
        JSONMember(key: "quick", value: .bool(options.quick)),
    ]))

    let figureValues = figures.map { figure -> JSONValue in
        var target = JSONValue.null
        var met = JSONValue.null
        if let limit = figure.target {
            switch limit {
            case .atMost(let bound):
                target = .object(JSONObject(members: [JSONMember(key: "at_most", value: .number(JSONNumber(value: bound)))]))
            case .atLeast(let bound):
                target = .object(JSONObject(members: [JSONMember(key: "at_least", value: .number(JSONNumber(value: bound)))]))
            }
            if let value = figure.value {
                met = .bool(limit.isMet(by: value))
            }
        }
        return .object(JSONObject(members: [
            JSONMember(key: "case", value: .string(figure.caseName)),
            JSONMember(key: "name", value: .string(figure.name)),
            JSONMember(key: "value", value: figure.value.map { .number(JSONNumber(value: $0)) } ?? .null),
            JSONMember(key: "unit", value: .string(figure.unit)),
            JSONMember(key: "target", value: target),
            JSONMember(key: "met", value: met),
            JSONMember(key: "detail", value: .string(figure.detail)),
        ]))
    }

    let document = JSONValue.object(JSONObject(members: [
        JSONMember(key: "machine", value: machineObject),
        JSONMember(key: "figures", value: .array(figureValues)),
    ]))
    do {
        try Data((document.encoded() + "\n").utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        throw BenchError("writing the results to '\(path)' failed: \(error.localizedDescription); give a --json path in a writable folder")
    }
}
