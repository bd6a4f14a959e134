/// A failure of the efficacy suite that stops it, with what to do about it.
public enum EfficacyError: Error, Equatable, CustomStringConvertible {
    case missingMetric(task: String, metric: String, available: [String])
    case invalidOption(String)
    case outputFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingMetric(let task, let metric, let available):
            return "task \(task) reported no '\(metric)' metric (it reported \(available.joined(separator: ", "))); the workload changed its evaluation, so update the task"
        case .invalidOption(let message):
            return message
        case .outputFailed(let path, let reason):
            return "could not write \(path): \(reason); check that its folder exists and is writable"
        }
    }
}
