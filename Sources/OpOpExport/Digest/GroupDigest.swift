/// The statistics of one parameter group's knobs and gradient norm over a run.
public struct GroupDigest: Sendable {
    public let name: String
    public private(set) var scale = ValueStatistics()
    public private(set) var clip = ValueStatistics()
    public private(set) var dampen = ValueStatistics()
    /// Gradient norms, from the steps that reported one.
    public private(set) var gradientNorm = ValueStatistics()

    public init(name: String) {
        self.name = name
    }

    /// NaN and infinite knob values in this group.
    public var nonFiniteKnobCount: Int {
        scale.nonFiniteCount + clip.nonFiniteCount + dampen.nonFiniteCount
    }

    mutating func add(scale: Double, clip: Double, dampen: Double, gradientNorm: Double?) {
        self.scale.add(scale)
        self.clip.add(clip)
        self.dampen.add(dampen)
        if let gradientNorm {
            self.gradientNorm.add(gradientNorm)
        }
    }
}
