import Foundation

/// A mapping from data values to pixels along one axis, linear or base-10 logarithmic,
/// with tick positions at round values.
struct AxisScale {
    let lower: Double
    let upper: Double
    let isLogarithmic: Bool
    /// Pixel positions of `lower` and `upper`; for a y axis `lower` maps to the bottom.
    let pixelStart: Double
    let pixelEnd: Double

    /// Creates a linear scale over `range` with 5% padding, or a padded window around a
    /// flat series.
    static func linear(_ range: ClosedRange<Double>, pixels: (Double, Double), padded: Bool = true) -> AxisScale {
        var lower = range.lowerBound
        var upper = range.upperBound
        if upper - lower <= 1e-12 * max(abs(lower), abs(upper)) || upper == lower {
            let pad = max(abs(lower) * 0.1, 0.05)
            lower -= pad
            upper += pad
        } else if padded {
            let pad = (upper - lower) * 0.05
            lower -= pad
            upper += pad
        }
        return AxisScale(lower: lower, upper: upper, isLogarithmic: false, pixelStart: pixels.0, pixelEnd: pixels.1)
    }

    /// Creates a log scale over a range of positive values, widened to at least a factor of 10.
    static func logarithmic(_ range: ClosedRange<Double>, pixels: (Double, Double)) -> AxisScale {
        var lower = log10(range.lowerBound)
        var upper = log10(range.upperBound)
        if upper - lower < 1 {
            let middle = (upper + lower) / 2
            lower = middle - 0.5
            upper = middle + 0.5
        }
        return AxisScale(lower: lower, upper: upper, isLogarithmic: true, pixelStart: pixels.0, pixelEnd: pixels.1)
    }

    /// Returns the pixel position of `value`; values outside the scale fall outside the pixels.
    func pixel(_ value: Double) -> Double {
        let position = isLogarithmic ? log10(value) : value
        return pixelStart + (position - lower) / (upper - lower) * (pixelEnd - pixelStart)
    }

    /// Returns round values inside the scale: steps of 1, 2 or 5 times a power of ten for
    /// a linear scale, and powers of ten (with 2 and 5 times them over short spans) for a
    /// log scale.
    func ticks(targetCount: Int = 5) -> [Double] {
        isLogarithmic ? logTicks() : linearTicks(targetCount: targetCount)
    }

    private func linearTicks(targetCount: Int) -> [Double] {
        let span = upper - lower
        guard span > 0, span.isFinite else { return [] }

        let rough = span / Double(max(1, targetCount))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var ticks: [Double] = []
        var index = (lower / step).rounded(.up)
        while index * step <= upper + step * 1e-9, ticks.count < 50 {
            let value = index * step
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        return ticks
    }

    private func logTicks() -> [Double] {
        let firstDecade = Int(lower.rounded(.down))
        let lastDecade = Int(upper.rounded(.up))
        let multipliers: [Double] = upper - lower < 2.5 ? [1, 2, 5] : [1]
        let decadeStep = max(1, (lastDecade - firstDecade) / 8)

        var ticks: [Double] = []
        for decade in stride(from: firstDecade, through: lastDecade, by: decadeStep) {
            for multiplier in multipliers {
                let value = multiplier * pow(10, Double(decade))
                let position = log10(value)
                if position >= lower - 1e-9, position <= upper + 1e-9 {
                    ticks.append(value)
                }
            }
        }
        return ticks
    }
}
