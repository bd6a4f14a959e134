import Foundation

/// The per-group half of the observation, and the statistics that gradient clipping uses.
///
/// Norm features live in log space and direction features are cosines, so multiplying
/// every gradient by a positive constant leaves them unchanged. Only finite gradients are
/// recorded, and the caller skips the rest.
struct GroupObserver: Equatable {
    static let featureCount = 6
    static let featureLimit = 5.0
    /// Cosines are computed on at most this many evenly strided elements of a gradient,
    /// which bounds the memory kept per group whatever the group's size.
    static let sampleLimit = 1024
    /// Floor on the standard deviation of log‖g‖ (5% in norm), so a group whose norm has
    /// been nearly constant is not clipped at its mean by a clip knob just below 1.
    static let minimumLogNormStd = 0.05
    /// Decay of the fast moving average of log‖g‖ that feature 1 compares with the slow one.
    static let fastDecay = 0.5

    /// Decay of the slow moving mean and variance of log‖g‖.
    let decay: Double

    /// Non-zero finite gradient norms folded into the statistics below.
    var normCount = 0
    var logNormMean = 0.0
    var logNormVariance = 0.0
    var fastLogNorm = 0.0
    var logNorms: RingBuffer
    var cosines: RingBuffer

    /// The strided sample of the previous gradient, valid in its first `previousSampleLength`
    /// elements. Every value is a `Float` gradient element, stored in `Double` for the cosine.
    private(set) var previousSample: [Double]
    private(set) var previousSampleLength = 0
    /// Element count of the gradient the sample came from, or 0 when there is none.
    private(set) var previousGradientCount = 0
    /// Sum of the squares of the stored sample, kept so that the next cosine need not recompute it.
    private var previousSampleSquares = 0.0

    /// The six features as of the newest recorded gradient.
    var features: [Float]

    init(window: Int, decay: Double) {
        self.decay = decay
        logNorms = RingBuffer(capacity: window)
        cosines = RingBuffer(capacity: window)
        previousSample = [Double](repeating: 0, count: Self.sampleLimit)
        features = [Float](repeating: 0, count: Self.featureCount)
    }

    mutating func reset() {
        self = GroupObserver(window: logNorms.capacity, decay: decay)
    }

    /// Folds one finite gradient with L2 norm `norm` into the statistics and recomputes the features:
    /// 0. z-score of log‖g‖ against the moving statistics before this gradient
    /// 1. fast minus slow moving average of log‖g‖
    /// 2. cosine with the previous gradient
    /// 3. fraction of negative cosines over the window
    /// 4. log-norm trend: least-squares slope of log‖g‖ over the window times its span
    /// 5. mean cosine over the window
    ///
    /// An all-zero gradient has no log-norm, so it changes only the direction features.
    mutating func record(gradient: UnsafeBufferPointer<Float>, norm: Double) {
        let cosine = updatePreviousSample(with: gradient)
        if let cosine {
            cosines.append(cosine)
        }

        if norm > 0 {
            let logNorm = log(norm)
            features[0] = bounded(zScore(ofLogNorm: logNorm))
            updateNormStatistics(with: logNorm)
            logNorms.append(logNorm)
        } else {
            features[0] = 0
        }

        features[1] = bounded(fastLogNorm - logNormMean)
        features[2] = Float(cosine ?? 0)

        var negativeCount = 0
        var cosineSum = 0.0
        for index in 0..<cosines.count {
            if cosines[index] < 0 {
                negativeCount += 1
            }
            cosineSum += cosines[index]
        }
        features[3] = cosines.isEmpty ? 0 : Float(Double(negativeCount) / Double(cosines.count))
        features[5] = cosines.isEmpty ? 0 : bounded(cosineSum / Double(cosines.count))

        let trend = VectorMath.slope(count: logNorms.count) { logNorms[$0] }
        features[4] = bounded(trend * Double(max(logNorms.count - 1, 0)))
    }

    /// Returns the largest gradient norm that clip knob `clip` lets through, or nil when it
    /// clips nothing.
    ///
    /// The ceiling is exp(μ + z_max·σ) for the moving mean μ and standard deviation σ of
    /// log‖g‖, with z_max = Z0·c/(1 − c). As c rises to 1 the ceiling goes to infinity, so
    /// every c ≥ 1 is off. Clipping also stays off until `warmup` norms were recorded.
    func normCeiling(clip: Float, warmup: Int, baseZScore: Double) -> Float? {
        guard clip < 1, normCount >= max(warmup, 1) else { return nil }

        let c = Double(clip)
        let zMax = baseZScore * c / (1 - c)
        let spread = max(logNormVariance.squareRoot(), Self.minimumLogNormStd)
        let ceiling = exp(logNormMean + zMax * spread)

        guard ceiling.isFinite, ceiling < Double(Float.greatestFiniteMagnitude) else { return nil }
        return Float(ceiling)
    }

    private func zScore(ofLogNorm logNorm: Double) -> Double {
        guard normCount >= 2 else { return 0 }
        return (logNorm - logNormMean) / max(logNormVariance.squareRoot(), Self.minimumLogNormStd)
    }

    private mutating func updateNormStatistics(with logNorm: Double) {
        if normCount == 0 {
            logNormMean = logNorm
            logNormVariance = 0
            fastLogNorm = logNorm
        } else {
            // Exponentially weighted mean and variance, updated together from one deviation.
            let deviation = logNorm - logNormMean
            logNormMean += (1 - decay) * deviation
            logNormVariance = decay * (logNormVariance + (1 - decay) * deviation * deviation)
            fastLogNorm += (1 - Self.fastDecay) * (logNorm - fastLogNorm)
        }
        normCount += 1
    }

    /// Replaces the stored sample with the new gradient's and returns the cosine between
    /// them, or nil when there is no earlier sample of a gradient of the same size.
    private mutating func updatePreviousSample(with gradient: UnsafeBufferPointer<Float>) -> Double? {
        let count = gradient.count
        guard count > 0 else {
            previousGradientCount = 0
            previousSampleLength = 0
            previousSampleSquares = 0
            return nil
        }

        let (stride, length) = StridedSample.layout(count: count, limit: Self.sampleLimit)
        let comparable = previousGradientCount == count && previousSampleLength == length
        let earlierSquares = previousSampleSquares
        let sums = previousSample.withUnsafeMutableBufferPointer { previous in
            StridedSample.replace(previous.baseAddress!, with: gradient, stride: stride, length: length)
        }
        previousGradientCount = count
        previousSampleLength = length
        previousSampleSquares = sums.squares

        guard comparable else { return nil }
        let denominator = (sums.squares * earlierSquares).squareRoot()
        guard denominator > 0 else { return 0 }
        return VectorMath.clamp(sums.dot / denominator, to: -1...1)
    }

    /// Replaces the stored sample, as a checkpoint load does.
    mutating func restorePreviousSample(_ sample: [Float], length: Int, gradientCount: Int) {
        precondition(sample.count == Self.sampleLimit && (0...Self.sampleLimit).contains(length), "a sample of \(sample.count) values with length \(length) does not fit \(Self.sampleLimit)")
        previousSample = sample.map { Double($0) }
        previousSampleLength = length
        previousGradientCount = gradientCount
        previousSampleSquares = previousSample.withUnsafeBufferPointer { StridedSample.sumOfSquares($0.baseAddress!, length: length) }
    }

    private func bounded(_ value: Double) -> Float {
        Float(VectorMath.clamp(value, to: -Self.featureLimit...Self.featureLimit))
    }
}
