import Foundation

/// Returns the first evaluation step whose loss is at most `target`, or nil when the
/// run never reached it. The answer's resolution is the spacing of the evaluations.
public func stepsToTarget(steps: [Int], losses: [Double], target: Double) -> Int? {
    precondition(steps.count == losses.count, "\(steps.count) evaluation steps for \(losses.count) losses")
    guard target.isFinite else { return nil }

    for (step, loss) in zip(steps, losses) where loss <= target {
        return step
    }
    return nil
}

/// Returns the brain's effective multiplier at one step: the geometric mean of the
/// groups' scale knobs, each weighted by its group's parameter count, so a scale on a
/// large weight matrix counts more than one on a bias.
public func effectiveMultiplier(scales: [Float], parameterCounts: [Int]) -> Double {
    precondition(scales.count == parameterCounts.count && !scales.isEmpty, "\(scales.count) scales for \(parameterCounts.count) groups")

    var weightedLogSum = 0.0
    var total = 0
    for (scale, count) in zip(scales, parameterCounts) {
        weightedLogSum += Double(count) * log(Double(scale))
        total += count
    }
    return exp(weightedLogSum / Double(total))
}

/// Returns a method's value over its paired baseline's on the same seed, such as final
/// loss over final loss. A diverged run's value is +infinity: two diverged runs tie at 1,
/// a diverged method against a finite baseline gives +infinity and the reverse gives 0.
public func pairedRatio(_ value: Double, over baseline: Double) -> Double {
    if value == baseline {
        return 1
    }
    if baseline.isInfinite {
        return 0
    }
    return value / baseline
}

/// Returns the share of pairs in which the method's value is strictly lower than its
/// baseline's, NaN for no pairs. Ties, diverged pairs among them, are not wins.
public func winRate(_ pairs: [(value: Double, baseline: Double)]) -> Double {
    guard !pairs.isEmpty else { return .nan }
    return Double(pairs.filter { $0.value < $0.baseline }.count) / Double(pairs.count)
}

/// Returns the largest ratio, which is the worst case for a loss ratio, and nil for none.
public func worstCase(_ ratios: [Double]) -> Double? {
    ratios.max()
}
