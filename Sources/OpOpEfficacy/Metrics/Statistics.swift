/// Order statistics and means that accept +infinity, which stands for a diverged run.
/// None of them accepts NaN: a caller maps a failed measurement to +infinity first.

/// Returns the arithmetic mean, NaN for no values.
public func mean(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    return values.reduce(0, +) / Double(values.count)
}

/// Returns the `fraction` quantile (0...1) with linear interpolation between the two
/// nearest order statistics (the default of NumPy and R, "type 7"), NaN for no values.
///
/// Between two equal values the result is that value, so quantiles among infinities are
/// infinite rather than NaN.
public func quantile(_ values: [Double], _ fraction: Double) -> Double {
    precondition((0...1).contains(fraction), "a quantile's fraction must lie in 0...1, got \(fraction)")
    precondition(!values.contains { $0.isNaN }, "quantile of values that contain NaN: \(values)")
    guard !values.isEmpty else { return .nan }

    let sorted = values.sorted()
    let position = fraction * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let weight = position - Double(lower)
    if weight == 0 || sorted[lower] == sorted[upper] {
        return sorted[lower]
    }
    return sorted[lower] + weight * (sorted[upper] - sorted[lower])
}

/// Returns the median, the mean of the two middle values for an even count.
public func median(_ values: [Double]) -> Double {
    quantile(values, 0.5)
}

/// Returns the interquartile range, the 75% quantile minus the 25% quantile. It is
/// +infinity when the upper quartile is, and NaN for no values.
public func interquartileRange(_ values: [Double]) -> Double {
    let upper = quantile(values, 0.75)
    guard upper.isFinite else { return upper }
    return upper - quantile(values, 0.25)
}
