import Foundation

/// Maps values onto the rows of a chart, linearly or on a log10 scale.
///
/// The range covers finite values only, and on a log scale positive values only, so a
/// NaN, an infinity or (in log mode) a value at or below zero never stretches the axis.
/// Such values have no position.
struct AxisScale: Sendable, Equatable {
    let isLogarithmic: Bool
    /// The bounds in transformed units (log10 of the value on a log scale).
    let low: Double
    let high: Double

    /// Creates the scale spanning `values`, or returns nil when none can be placed.
    init?<Values: Sequence<Double>>(spanning values: Values, logarithmic: Bool) {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values {
            guard let transformed = Self.transform(value, logarithmic: logarithmic) else { continue }
            low = min(low, transformed)
            high = max(high, transformed)
        }
        guard low <= high else { return nil }

        if low == high {
            // A constant series: centre it in a small range around its value.
            let pad = logarithmic ? 0.5 : max(abs(low) * 0.1, 1e-9)
            low -= pad
            high += pad
        }
        self.isLogarithmic = logarithmic
        self.low = low
        self.high = high
    }

    static func transform(_ value: Double, logarithmic: Bool) -> Double? {
        guard value.isFinite else { return nil }
        guard logarithmic else { return value }
        return value > 0 ? log10(value) : nil
    }

    /// Returns the position of a value among `count` positions, 0 at the top.
    func position(of value: Double, count: Int) -> Int? {
        guard count > 0, let transformed = Self.transform(value, logarithmic: isLogarithmic) else { return nil }

        // An axis spanning more than Double's range has an infinite extent, so the fraction
        // can be NaN or out of 0...1; clamped, adding 0.5 and truncating rounds to nearest.
        let fraction = (high - transformed) / (high - low)
        guard !fraction.isNaN else { return nil }
        let position = Int(min(max(fraction, 0), 1) * Double(count - 1) + 0.5)
        return min(max(position, 0), count - 1)
    }

    /// Returns the value at a fraction of the axis, 0 at the bottom and 1 at the top.
    func value(atFraction fraction: Double) -> Double {
        let transformed = low + fraction * (high - low)
        return isLogarithmic ? pow(10, transformed) : transformed
    }
}
