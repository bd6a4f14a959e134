/// An error from creating an optimizer or from the parameter groups passed to a step.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    /// A hyperparameter is outside its valid range.
    case invalidSetting(optimizer: String, setting: String, value: Double, expected: String)

    /// A step received a different number of groups than the brain was configured with.
    case groupCountMismatch(expected: Int, actual: Int)

    /// A group's gradient does not have one element per parameter.
    case gradientCountMismatch(group: String, parameters: Int, gradients: Int)

    /// A group's parameter count differs from its count at the optimizer's first step.
    case groupSizeChanged(group: String, previous: Int, current: Int)

    public var description: String {
        switch self {
        case let .invalidSetting(optimizer, setting, value, expected):
            return "invalid \(optimizer) setting '\(setting)' = \(value): expected \(expected)"

        case let .groupCountMismatch(expected, actual):
            return "the step received \(actual) parameter groups but the brain was configured"
                + " with \(expected); configure the brain with one name per group"

        case let .gradientCountMismatch(group, parameters, gradients):
            return "group '\(group)' has \(parameters) parameters but \(gradients) gradient values;"
                + " the model must write one gradient value per parameter"

        case let .groupSizeChanged(group, previous, current):
            return "group '\(group)' had \(previous) parameters at the first step and now has \(current);"
                + " an optimizer's state is tied to each group's size, so create a new optimizer"
        }
    }
}
