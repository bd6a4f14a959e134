import OpOpBrain

/// Everything that determines one training run. Two runs with equal specifications give
/// the same losses bit for bit, on any thread.
public struct RunSpecification: Sendable, Hashable {
    public var task: TaskKind
    public var optimizer: OptimizerKind
    public var method: Method
    public var seed: UInt64
    /// The peak learning rate: the constant rate, or the top of the warmup-cosine schedule.
    public var learningRate: Float
    public var steps: Int
    /// Evaluations after evenly spaced steps, the last one after the final step.
    public var evaluationCount: Int
    /// Whether this run only serves to tune a rate on a tuning seed.
    public var isTuning: Bool

    public init(
        task: TaskKind, optimizer: OptimizerKind, method: Method, seed: UInt64, learningRate: Float, steps: Int,
        evaluationCount: Int, isTuning: Bool = false
    ) {
        self.task = task
        self.optimizer = optimizer
        self.method = method
        self.seed = seed
        self.learningRate = learningRate
        self.steps = steps
        self.evaluationCount = evaluationCount
        self.isTuning = isTuning
    }

    /// The steps after which the run evaluates: round(steps·i/count) for i = 1...count,
    /// without repeats, so the last one is `steps`.
    public var evaluationSteps: [Int] {
        let count = max(1, min(evaluationCount, steps))
        return (1...count).map { Int((Double(steps) * Double($0) / Double(count)).rounded()) }
    }

    /// The brain's seed, derived from the run seed so that seeds give unrelated brains.
    public var brainSeed: UInt64 {
        derivedSeed(seed, purpose: 3)
    }
}

extension RunSpecification: Encodable {
    private enum CodingKeys: String, CodingKey {
        case task, optimizer, method, seed, learningRate, steps, evaluationCount, isTuning
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(task, forKey: .task)
        try container.encode(optimizer.rawValue, forKey: .optimizer)
        try container.encode(method, forKey: .method)
        try container.encode(seed, forKey: .seed)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(steps, forKey: .steps)
        try container.encode(evaluationCount, forKey: .evaluationCount)
        try container.encode(isTuning, forKey: .isTuning)
    }
}
