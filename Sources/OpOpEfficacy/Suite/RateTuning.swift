import Foundation
import OpOpBrain

/// The tuning of one method's rate on one task and optimizer: which grid points ran,
/// their median final losses on the tuning seeds, and the choice.
public struct RateTuning: Sendable {
    public var task: TaskKind
    public var optimizer: OptimizerKind
    /// `bare-tuned` (constant rate) or `cosine-tuned` (peak of the schedule).
    public var method: Method
    /// Median final loss over the tuning seeds per exponent k of the rate default·2^k;
    /// +infinity when half or more of the seeds diverged.
    public var medianFinalLossByExponent: [Int: Double]

    /// The exponent with the lowest median final loss, the lower one on a tie, so a grid
    /// on which every rate diverged picks its smallest rate.
    public var bestExponent: Int? {
        medianFinalLossByExponent.min { lhs, rhs in
            lhs.value < rhs.value || (lhs.value == rhs.value && lhs.key < rhs.key)
        }?.key
    }

    /// Returns the exponents to run next: the whole grid at first, then one more point
    /// beyond an end of what ran while the best exponent sits at that end and the limit
    /// allows, and none once the best lies inside.
    func nextExponents(grid: [Int], limit: Int) -> [Int] {
        guard let best = bestExponent, let lowest = medianFinalLossByExponent.keys.min(),
              let highest = medianFinalLossByExponent.keys.max()
        else {
            return grid
        }

        let spacing = grid.count > 1 ? grid[1] - grid[0] : 1
        if best == lowest, lowest - spacing >= -limit {
            return [lowest - spacing]
        }
        if best == highest, highest + spacing <= limit {
            return [highest + spacing]
        }
        return []
    }

    /// Returns the rate default·2^k of `optimizer`.
    public static func learningRate(exponent: Int, optimizer: OptimizerKind) -> Float {
        optimizer.defaultLearningRate * Float(pow(2, Double(exponent)))
    }
}

extension RateTuning: Encodable {
    private enum CodingKeys: String, CodingKey {
        case task, optimizer, method, medianFinalLossByExponent, bestExponent
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(task, forKey: .task)
        try container.encode(optimizer.rawValue, forKey: .optimizer)
        try container.encode(method, forKey: .method)
        try container.encode(medianFinalLossByExponent, forKey: .medianFinalLossByExponent)
        try container.encode(bestExponent, forKey: .bestExponent)
    }
}
