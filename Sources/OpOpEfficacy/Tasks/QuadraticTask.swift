import Foundation
import OpOpBrain

/// A noisy quadratic model: L(θ) = ½·Σ hᵢ·θᵢ², with curvatures hᵢ log-spaced from
/// `minimumCurvature` to 1, and minibatch gradients whose noise variance grows with the
/// curvature.
///
/// Each step draws targets cᵢ = s·ξᵢ/√hᵢ (ξ standard normal, s = `noiseScale`) and
/// returns the minibatch loss ½·Σ hᵢ·(θᵢ − cᵢ)², whose gradient hᵢ·(θᵢ − cᵢ) has noise
/// variance s²·hᵢ. The minibatch loss has the expectation ½·Σ hᵢ·θᵢ² + ½·n·s². The
/// evaluation loss is that exact expectation minus its constant floor ½·n·s², so ratios
/// between methods compare the part an optimizer can reduce.
///
/// The best learning-rate schedule here is known to decay: a constant rate stops at a
/// noise floor proportional to the rate. A controller rewarded by short-horizon loss
/// changes is drawn to shrink the rate too early, which this task exposes.
public final class QuadraticTask: EfficacyTask {
    public static let defaultDimension = 64
    public static let defaultGroupCount = 4
    public static let minimumCurvature = 1e-3
    public static let noiseScale = 0.3

    public let groups: [ParameterGroup]

    /// Curvatures per group, in the order of the group's values.
    let curvatures: [[Float]]
    private let noiseScale: Double
    private var noiseGenerator: SeededGenerator
    /// The current minibatch's targets c per group, reused every step.
    private var targets: [[Double]]

    /// Creates the model with `dimension` coordinates split into `groupCount` groups of
    /// neighbouring curvatures, from the lowest ("band1") to the highest. The initial θ
    /// and the noise come from `seed`; the curvatures are the same for every seed.
    public init(
        seed: UInt64, dimension: Int = QuadraticTask.defaultDimension,
        groupCount: Int = QuadraticTask.defaultGroupCount, noiseScale: Double = QuadraticTask.noiseScale
    ) {
        precondition(dimension >= groupCount && groupCount > 0, "the quadratic needs at least one coordinate per group, got \(dimension) coordinates for \(groupCount) groups")

        let allCurvatures = (0..<dimension).map { index -> Float in
            let fraction = dimension == 1 ? 1 : Double(index) / Double(dimension - 1)
            return Float(pow(QuadraticTask.minimumCurvature, 1 - fraction))
        }
        var initialGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 1))
        let initial = initialGenerator.normals(count: dimension)

        var groups: [ParameterGroup] = []
        var curvatures: [[Float]] = []
        for group in 0..<groupCount {
            let range = (group * dimension / groupCount)..<((group + 1) * dimension / groupCount)
            groups.append(ParameterGroup(name: "band\(group + 1)", values: Array(initial[range])))
            curvatures.append(Array(allCurvatures[range]))
        }
        self.groups = groups
        self.curvatures = curvatures
        self.noiseScale = noiseScale
        self.noiseGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 2))
        self.targets = curvatures.map { [Double](repeating: 0, count: $0.count) }
    }

    public func trainingStep() throws -> Double {
        for (groupIndex, curvatures) in curvatures.enumerated() {
            for index in curvatures.indices {
                targets[groupIndex][index] = noiseScale * noiseGenerator.nextNormal() / Double(curvatures[index]).squareRoot()
            }
        }
        return lossAndGradients(targets: targets)
    }

    public func evaluate() throws -> TaskEvaluation {
        var loss = 0.0
        for (group, curvatures) in zip(groups, curvatures) {
            for index in 0..<group.count {
                let value = Double(group.values[index])
                loss += 0.5 * Double(curvatures[index]) * value * value
            }
        }
        return TaskEvaluation(loss: loss)
    }

    /// Writes the gradients of the minibatch loss for targets c (one array per group) and
    /// returns that loss. Tests call it with fixed targets to check the gradient.
    func lossAndGradients(targets: [[Double]]) -> Double {
        var loss = 0.0
        for (groupIndex, group) in groups.enumerated() {
            for index in 0..<group.count {
                let curvature = Double(curvatures[groupIndex][index])
                let offset = Double(group.values[index]) - targets[groupIndex][index]
                loss += 0.5 * curvature * offset * offset
                group.gradient[index] = Float(curvature * offset)
            }
        }
        return loss
    }
}
