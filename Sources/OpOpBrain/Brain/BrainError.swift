/// An error from configuring, controlling or checkpointing a `Brain`.
public enum BrainError: Error, Equatable, CustomStringConvertible {
    /// A configuration setting is outside its valid range.
    case invalidConfiguration(setting: String, value: String, expected: String)

    /// A group index passed to a control is not one of this brain's groups.
    case groupIndexOutOfRange(index: Int, groupCount: Int)

    /// A checkpoint file could not be read or does not fit this brain. The brain is unchanged.
    case invalidCheckpoint(path: String, problem: String)

    /// Writing a checkpoint failed. Any earlier file at `path` is unchanged.
    case checkpointWriteFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(setting, value, expected):
            return "invalid brain setting '\(setting)' = \(value): expected \(expected)"

        case let .groupIndexOutOfRange(index, groupCount):
            if groupCount == 0 {
                return "group index \(index) is out of range: this brain has no groups"
            }
            return "group index \(index) is out of range: this brain has \(groupCount) groups,"
                + " so use an index in 0...\(groupCount - 1)"

        case let .invalidCheckpoint(path, problem):
            return "cannot load brain checkpoint '\(path)': \(problem)"

        case let .checkpointWriteFailed(path, reason):
            return "cannot save brain checkpoint to '\(path)': \(reason)"
        }
    }
}
