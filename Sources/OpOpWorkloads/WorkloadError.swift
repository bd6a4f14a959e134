import Foundation

/// A failure to make or run a workload.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    /// The requested workload name is not in `WorkloadCatalog.names`.
    case unknownWorkload(name: String, choices: [String], suggestion: String?)

    /// The embedded data could not be decoded. `stage` is "base64" or "gzip".
    case corruptEmbeddedData(stage: String, detail: String)

    /// The caller replaced a group's `values` or `gradient` with an array of another count.
    case parameterCountChanged(group: String, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .unknownWorkload(name, choices, suggestion):
            let list = choices.joined(separator: ", ")
            let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "Unknown workload '\(name)'. Choose one of: \(list).\(hint)"

        case let .corruptEmbeddedData(stage, detail):
            return "The embedded digits data failed to decode (\(stage)): \(detail). "
                + "Regenerate it with scripts/embed-digits.sh and rebuild"

        case let .parameterCountChanged(group, expected, actual):
            return "Parameter group '\(group)' has \(actual) entries but the model expects \(expected). "
                + "Update values and gradient in place without changing their count"
        }
    }
}

extension WorkloadError: LocalizedError {
    public var errorDescription: String? { description }
}
