import Foundation
import OpOpBrain

/// Two interleaved spirals in the plane, one per class, made from a seed.
///
/// The two-spirals benchmark (Lang and Witbrock, 1988) in a noisy, sampled form. Each
/// class is an Archimedean spiral of `turns` turns from the origin out to `radius`, the
/// second rotated by half a turn, so that neighbouring arms of opposite classes lie
/// `radius / (2 * turns)` apart along a ray.
enum SpiralsDataset {
    static let pointsPerClass = 500
    static let turns = 1.5

    /// Outer radius. Coordinates of about ±2 let the first tanh layer, with Glorot initial
    /// weights, separate the arms much sooner than coordinates of about ±1 do.
    static let radius = 2.0

    /// Standard deviation of the Gaussian noise added to each coordinate.
    static let noiseDeviation = 0.05

    /// Returns `2 * pointsPerClass` points, alternating between class 0 and class 1.
    static func make(generator: inout SeededGenerator) -> LabeledDataset {
        var features: [Float] = []
        var labels: [Int] = []
        features.reserveCapacity(4 * pointsPerClass)
        labels.reserveCapacity(2 * pointsPerClass)

        for _ in 0..<pointsPerClass {
            for label in 0..<2 {
                // The square root spreads the points evenly along the arc, whose length
                // grows with the square of the position on the spiral.
                let position = generator.nextUnitDouble().squareRoot()
                let angle = 2 * Double.pi * turns * position + Double(label) * Double.pi
                let x = radius * position * cos(angle) + noiseDeviation * generator.nextNormal()
                let y = radius * position * sin(angle) + noiseDeviation * generator.nextNormal()

                features.append(Float(x))
                features.append(Float(y))
                labels.append(label)
            }
        }

        return LabeledDataset(featureCount: 2, classCount: 2, features: features, labels: labels)
    }
}
