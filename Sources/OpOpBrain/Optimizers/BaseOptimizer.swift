/// A first-order optimizer that computes a step's update for one parameter group at a time.
///
/// The optimizer only computes Δ, and the caller subtracts Δ from the parameters. This lets
/// `BrainOptimizer` clip the gradient before and dampen and scale Δ after, using the same
/// update code as the bare `step(_:)`.
public protocol BaseOptimizer: AnyObject {
    /// The optimizer's short name: "sgd", "momentum", "adam" or "adamw".
    var name: String { get }

    /// The hyperparameters by name, for example "lr", "momentum", "beta1".
    var settings: [String: Double] { get }

    /// Writes the update Δ for group `index` so that the new parameters are θ − Δ, and
    /// advances that group's optimizer state (momentum, moments, step count) by one step.
    ///
    /// `parameters`, `gradient` and `update` have the same count, and a group keeps its
    /// count across steps. Implementations stop with a precondition failure otherwise.
    func computeUpdate(
        group index: Int, parameters: UnsafeBufferPointer<Float>,
        gradient: UnsafeBufferPointer<Float>, update: UnsafeMutableBufferPointer<Float>)
}

extension BaseOptimizer {
    /// Takes one plain optimizer step on every group: θ ← θ − Δ.
    ///
    /// Throws `OptimizerError.gradientCountMismatch` before changing anything when a group's
    /// gradient count differs from its parameter count.
    public func step(_ groups: [ParameterGroup]) throws {
        try validateGradientCounts(groups)

        for (index, group) in groups.enumerated() {
            var update = [Float](repeating: 0, count: group.count)
            group.values.withUnsafeBufferPointer { values in
                group.gradient.withUnsafeBufferPointer { gradient in
                    update.withUnsafeMutableBufferPointer { update in
                        computeUpdate(group: index, parameters: values, gradient: gradient, update: update)
                    }
                }
            }
            update.withUnsafeBufferPointer { update in
                group.values.withUnsafeMutableBufferPointer { values in
                    ParameterUpdate.subtract(update, from: values)
                }
            }
        }
    }
}

func validateGradientCounts(_ groups: [ParameterGroup]) throws {
    for group in groups where group.values.count != group.gradient.count {
        throw OptimizerError.gradientCountMismatch(
            group: group.name, parameters: group.values.count, gradients: group.gradient.count)
    }
}

/// The one place where parameters change, shared by the bare and the wrapped step so that
/// a neutral brain reproduces the bare optimizer bit for bit.
enum ParameterUpdate {
    /// Subtracts the update from the parameters: θ[i] ← θ[i] − Δ[i].
    static func subtract(_ update: UnsafeBufferPointer<Float>, from values: UnsafeMutableBufferPointer<Float>) {
        for index in 0..<values.count {
            values[index] -= update[index]
        }
    }

    /// Subtracts the scaled update from the parameters: θ[i] ← θ[i] − scale·Δ[i].
    static func subtract(
        _ update: UnsafeBufferPointer<Float>, scaledBy scale: Float, from values: UnsafeMutableBufferPointer<Float>
    ) {
        for index in 0..<values.count {
            values[index] -= scale * update[index]
        }
    }
}

/// Per-group arrays of optimizer state, created zeroed at a group's first step.
struct GroupStateStore {
    private(set) var arrays: [[Float]] = []
    /// Steps taken per group, for bias correction and for a first step that differs.
    private(set) var steps: [Int] = []

    /// Makes sure group `group` has `count` state values and counts one more step for it.
    /// Stops with a precondition failure when the group's state was made for another count.
    mutating func beginStep(group: Int, count: Int, optimizer: String) {
        while arrays.count <= group {
            arrays.append([])
            steps.append(0)
        }
        if steps[group] == 0 {
            arrays[group] = [Float](repeating: 0, count: count)
        }
        precondition(
            arrays[group].count == count,
            sizeChangeMessage(optimizer: optimizer, group: group, previous: arrays[group].count, current: count))
        steps[group] += 1
    }

    subscript(group: Int) -> [Float] {
        get { arrays[group] }
        _modify { yield &arrays[group] }
    }
}

func sizeChangeMessage(optimizer: String, group: Int, previous: Int, current: Int) -> String {
    "\(optimizer): group \(group) had \(previous) parameters at its first step and now has"
        + " \(current); an optimizer's state is tied to each group's size, so create a new optimizer"
}

func checkCounts(
    optimizer: String, group: Int, parameters: Int, gradient: Int, update: Int
) {
    precondition(
        parameters == gradient && gradient == update,
        "\(optimizer): group \(group) has \(parameters) parameters, \(gradient) gradient values and"
            + " \(update) update slots; pass buffers of equal length")
}

func validateSetting(
    _ value: Float, optimizer: String, setting: String, in range: ClosedRange<Float>, expected: String
) throws {
    guard value.isFinite, range.contains(value) else {
        throw OptimizerError.invalidSetting(optimizer: optimizer, setting: setting, value: Double(value), expected: expected)
    }
}
