import Foundation

/// Running means and variances that standardize the observation, so that every input of
/// the policy has a comparable spread whatever the task.
///
/// The statistics are exponential moving averages with decay `decay`, bias-corrected at
/// the start by weighting the n-th observation at least 1/n. Features listed in
/// `passThrough` (the run's phase, which only grows) are passed on unchanged.
struct FeatureNormalizer: Equatable {
    /// Floor on the standard deviation, so a feature that barely moves is not blown up.
    static let minimumStd = 0.05
    static let limit: Float = 5

    let decay: Double
    let passThrough: Set<Int>
    var count = 0
    var means: [Double]
    var variances: [Double]

    init(featureCount: Int, decay: Double, passThrough: Set<Int>) {
        self.decay = decay
        self.passThrough = passThrough
        means = [Double](repeating: 0, count: featureCount)
        variances = [Double](repeating: 0, count: featureCount)
    }

    /// Folds `raw` into the statistics and writes the standardized features to `output`.
    mutating func normalize(_ raw: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        count += 1
        let weight = max(1 - decay, 1 / Double(count))
        for index in means.indices {
            let value = Double(raw[index])
            let deviation = value - means[index]
            means[index] += weight * deviation
            variances[index] = (1 - weight) * (variances[index] + weight * deviation * deviation)

            if passThrough.contains(index) {
                output[index] = raw[index]
                continue
            }
            let spread = max(variances[index].squareRoot(), Self.minimumStd)
            let standardized = Float((value - means[index]) / spread)
            output[index] = min(max(standardized, -Self.limit), Self.limit)
        }
    }
}
