import OpOpBrain

/// A student MLP fitting the targets of a random teacher network of the same shape,
/// optionally with the loss multiplied by a constant or with corrupted minibatches.
///
/// The inputs are standard normal, and each target is the teacher's output plus a little
/// normal noise. The student has one tanh hidden layer and four parameter groups. The
/// evaluation loss is ½·mean squared error over all examples, clean and times the same
/// loss scale as the training loss.
///
/// - `teacher`: the plain task.
/// - `invariance`: the same data and student with the loss times 100, so every gradient
///   is 100 times the plain task's. Divided by 100, its results match `teacher`'s in
///   exact arithmetic when the optimizer is invariant to the loss scale or its rate is
///   divided by 100.
/// - `spikes`: other data, and 1% of the steps, picked by a fixed seed so that every run
///   has the same ones, multiply the minibatch's targets by `spikeTargetFactor`. Those
///   gradients are far larger than the rest, so clipping matters.
public final class TeacherTask: EfficacyTask {
    public enum Variant: Sendable {
        case plain
        case scaledLoss(Double)
        case spikes
    }

    public static let inputCount = 16
    public static let hiddenCount = 32
    public static let exampleCount = 1024
    public static let batchSize = 32
    public static let targetNoise = 0.05
    public static let invarianceLossScale = 100.0
    /// The share of steps whose minibatch is corrupted in the `spikes` variant.
    public static let spikeRate = 0.01
    public static let spikeTargetFactor: Float = 50
    static let dataSeed: UInt64 = 0x7EAC_4E00
    static let spikesDataSeed: UInt64 = 0x5B1C_E500
    static let spikeStepSeed: UInt64 = 0x5B1C_E501

    public var groups: [ParameterGroup] { student.groups }

    let student: TanhRegressionNetwork
    let features: [Float]
    let targets: [Float]
    let lossScale: Double
    private let hasSpikes: Bool
    private var spikeGenerator = SeededGenerator(seed: TeacherTask.spikeStepSeed)
    private var batchGenerator: SeededGenerator
    private var batchRows: [Int]

    /// Steps taken so far whose minibatch was corrupted.
    public private(set) var corruptedSteps = 0

    /// Creates the data from the variant's fixed data seed and the student's initial
    /// weights and minibatch order from `seed`.
    public init(
        seed: UInt64, variant: Variant = .plain, exampleCount: Int = TeacherTask.exampleCount,
        inputCount: Int = TeacherTask.inputCount, hiddenCount: Int = TeacherTask.hiddenCount,
        batchSize: Int = TeacherTask.batchSize
    ) {
        var dataSeed = Self.dataSeed
        switch variant {
        case .plain:
            lossScale = 1
            hasSpikes = false
        case .scaledLoss(let scale):
            lossScale = scale
            hasSpikes = false
        case .spikes:
            lossScale = 1
            hasSpikes = true
            dataSeed = Self.spikesDataSeed
        }

        var dataGenerator = SeededGenerator(seed: dataSeed)
        let teacher = TanhRegressionNetwork(
            inputCount: inputCount, hiddenCount: hiddenCount,
            inputWeightDeviation: 2 / Double(inputCount).squareRoot(), hiddenBiasDeviation: 0.5,
            outputWeightDeviation: 1 / Double(hiddenCount).squareRoot(), generator: &dataGenerator)
        let features = dataGenerator.normals(count: exampleCount * inputCount)
        let noise = dataGenerator.normals(count: exampleCount, deviation: Self.targetNoise)
        targets = zip(teacher.predictions(features: features), noise).map { Float($0) + $1 }
        self.features = features

        var initialGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 1))
        student = .student(inputCount: inputCount, hiddenCount: hiddenCount, generator: &initialGenerator)
        batchGenerator = SeededGenerator(seed: derivedSeed(seed, purpose: 2))
        batchRows = [Int](repeating: 0, count: batchSize)
    }

    public func trainingStep() throws -> Double {
        drawRows(&batchRows, rowCount: targets.count, generator: &batchGenerator)

        var targetFactor: Float = 1
        if hasSpikes && spikeGenerator.nextUnitDouble() < Self.spikeRate {
            targetFactor = Self.spikeTargetFactor
            corruptedSteps += 1
        }
        return student.lossAndGradients(
            features: features, targets: targets, rows: batchRows, targetFactor: targetFactor, lossScale: lossScale)
    }

    public func evaluate() throws -> TaskEvaluation {
        TaskEvaluation(loss: lossScale * student.meanLoss(features: features, targets: targets))
    }
}
