/// Loops over flat `Float` buffers used on the per-step path.
///
/// Sums are accumulated in `Double`: the square of any finite `Float` is finite in `Double`,
/// so a non-finite sum of squares means the input itself holds a NaN or an infinity.
enum VectorMath {
    /// Returns the sum of the squares of `values`, accumulated in `Double`.
    static func sumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Double {
        var partial0 = 0.0
        var partial1 = 0.0
        var partial2 = 0.0
        var partial3 = 0.0
        var index = 0
        let unrolledEnd = values.count & ~3

        while index < unrolledEnd {
            let a = Double(values[index])
            let b = Double(values[index + 1])
            let c = Double(values[index + 2])
            let d = Double(values[index + 3])
            partial0 += a * a
            partial1 += b * b
            partial2 += c * c
            partial3 += d * d
            index += 4
        }
        while index < values.count {
            let a = Double(values[index])
            partial0 += a * a
            index += 1
        }

        return (partial0 + partial1) + (partial2 + partial3)
    }

    /// Returns the dot product of the first `count` elements of `x` and `y`, accumulated in `Double`.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Double {
        var sum = 0.0
        for index in 0..<count {
            sum += Double(x[index]) * Double(y[index])
        }
        return sum
    }

    /// Clamps `value` to `range`, mapping NaN to `fallback`.
    static func clamp(_ value: Double, to range: ClosedRange<Double>, fallback: Double = 0) -> Double {
        guard !value.isNaN else { return fallback }
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// Returns the least-squares slope of `values` against their index 0, 1, ..., or 0 for fewer than two values.
    static func slope(count: Int, _ value: (Int) -> Double) -> Double {
        guard count >= 2 else { return 0 }

        let meanIndex = Double(count - 1) / 2
        var meanValue = 0.0
        for index in 0..<count {
            meanValue += value(index)
        }
        meanValue /= Double(count)

        var covariance = 0.0
        var indexVariance = 0.0
        for index in 0..<count {
            let centeredIndex = Double(index) - meanIndex
            covariance += centeredIndex * (value(index) - meanValue)
            indexVariance += centeredIndex * centeredIndex
        }
        return covariance / indexVariance
    }
}
