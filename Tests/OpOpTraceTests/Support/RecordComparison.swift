import OpOpTrace
import XCTest

/// Compares records field by field, treating NaN as equal to NaN and telling -0.0 from
/// 0.0, which `==` on Double cannot do. Fails with the first field that differs.
func assertSameRecord(_ actual: TraceRecord?, _ expected: TraceRecord, file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else {
        XCTFail("decoded nil, expected \(expected)", file: file, line: line)
        return
    }
    let actualFields = flatten(actual)
    let expectedFields = flatten(expected)
    XCTAssertEqual(actualFields.count, expectedFields.count, "field count of \(actual)", file: file, line: line)
    for (actualField, expectedField) in zip(actualFields, expectedFields) {
        XCTAssertEqual(actualField.name, expectedField.name, file: file, line: line)
        XCTAssertEqual(actualField.value, expectedField.value, "field \(expectedField.name)", file: file, line: line)
    }
}

/// Lists every field of a record as text, with Doubles as bit patterns so that NaN and
/// -0.0 compare exactly.
private func flatten(_ record: TraceRecord) -> [(name: String, value: String)] {
    func number(_ value: Double?) -> String {
        guard let value else { return "nil" }
        return value.isNaN ? "nan" : String(value.bitPattern, radix: 16)
    }

    switch record {
    case .header(let header):
        var fields: [(String, String)] = [
            ("type", "header"), ("run", header.runName), ("workload", header.workload),
            ("groups", header.groupNames.debugDescription), ("optimizer", header.optimizer),
            ("start_time", number(header.startTime)),
        ]
        for (name, value) in header.optimizerSettings.sorted(by: { $0.key < $1.key }) {
            fields.append(("optimizer_settings." + name, number(value)))
        }
        for (name, value) in header.brainSettings.sorted(by: { $0.key < $1.key }) {
            fields.append(("brain_settings." + name, number(value)))
        }
        return fields

    case .step(let step):
        var fields: [(String, String)] = [
            ("type", "step"), ("step", String(step.step)), ("time", number(step.wallTime)),
            ("loss", number(step.loss)), ("reward", number(step.reward)), ("baseline", number(step.baseline)),
            ("group count", String(step.groups.count)),
        ]
        for (index, group) in step.groups.enumerated() {
            fields.append(("groups[\(index)].scale", number(group.scale)))
            fields.append(("groups[\(index)].clip", number(group.clip)))
            fields.append(("groups[\(index)].dampen", number(group.dampen)))
            fields.append(("groups[\(index)].grad_norm", number(group.gradientNorm)))
        }
        return fields

    case .evaluation(let evaluation):
        var fields: [(String, String)] = [
            ("type", "eval"), ("step", String(evaluation.step)), ("time", number(evaluation.wallTime)),
        ]
        for metric in evaluation.metrics {
            fields.append(("metrics." + metric.name, number(metric.value)))
        }
        return fields

    case .event(let event):
        return [
            ("type", "event"), ("step", String(event.step)), ("time", number(event.wallTime)),
            ("kind", event.kind.rawValue), ("group", event.group ?? "nil"), ("path", event.path ?? "nil"),
            ("message", event.message),
        ]
    }
}
