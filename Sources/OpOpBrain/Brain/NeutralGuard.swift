/// The check that resets the policy to neutral when the brain is measurably losing to
/// the bare optimizer.
///
/// The shadow estimate is a neutral probe window run between antithetic pairs. A pair's
/// mean reward estimates the progress at the policy's mean knobs, and the probe's reward
/// the progress at neutral knobs. Each probe is compared with the average of the pair
/// before and the pair after it, which cancels a progress rate that changes steadily
/// over the run. The guard trips when the mean of these differences is below zero by
/// more than `zScore` standard errors, after at least `minimumComparisons` of them.
struct NeutralGuard: Equatable {
    static let minimumComparisons = 4
    static let zScore = 2.0

    /// Mean reward of the latest complete pair, or nil.
    var lastPairMean: Double?
    /// The reward of a probe waiting for the pair after it, and the pair mean before it.
    var pendingProbe: (reward: Double, pairBefore: Double)?
    /// Comparisons since the last trip, with their running mean and sum of squared deviations.
    var comparisonCount = 0
    var comparisonMean = 0.0
    var comparisonSquares = 0.0
    var tripCount = 0

    static func == (lhs: NeutralGuard, rhs: NeutralGuard) -> Bool {
        lhs.lastPairMean == rhs.lastPairMean && lhs.pendingProbe?.reward == rhs.pendingProbe?.reward
            && lhs.pendingProbe?.pairBefore == rhs.pendingProbe?.pairBefore && lhs.comparisonCount == rhs.comparisonCount
            && lhs.comparisonMean == rhs.comparisonMean && lhs.comparisonSquares == rhs.comparisonSquares
            && lhs.tripCount == rhs.tripCount
    }

    /// Records a probe window's reward.
    mutating func noteProbe(reward: Double) {
        guard let lastPairMean else { return }
        pendingProbe = (reward, lastPairMean)
    }

    /// Records a complete pair's mean reward. Returns true when the guard trips, after
    /// which it starts counting afresh.
    mutating func notePair(meanReward: Double) -> Bool {
        defer { lastPairMean = meanReward }
        guard let probe = pendingProbe else { return false }
        pendingProbe = nil

        let difference = (probe.pairBefore + meanReward) / 2 - probe.reward
        comparisonCount += 1
        let deviation = difference - comparisonMean
        comparisonMean += deviation / Double(comparisonCount)
        comparisonSquares += deviation * (difference - comparisonMean)

        guard comparisonCount >= Self.minimumComparisons, comparisonMean < 0 else { return false }
        let variance = comparisonSquares / Double(comparisonCount - 1)
        let standardError = (variance / Double(comparisonCount)).squareRoot()
        guard comparisonMean + Self.zScore * standardError < 0 else { return false }

        tripCount += 1
        forgetComparisons()
        return true
    }

    /// Counts a reset forced by a surging loss, which starts the comparisons afresh.
    mutating func noteSurge() {
        tripCount += 1
        forgetComparisons()
    }

    /// Drops the pending comparison and the pair it would use, as after a reset.
    mutating func forgetPending() {
        lastPairMean = nil
        pendingProbe = nil
    }

    private mutating func forgetComparisons() {
        forgetPending()
        comparisonCount = 0
        comparisonMean = 0
        comparisonSquares = 0
    }
}
