/// Loops over flat `Float` buffers used on the per-step path.
///
/// The square of any finite `Float` is finite in `Double`, so a sum of squares that is
/// non-finite in `Double` means the input itself contains a NaN or an infinity.
enum VectorMath {
    /// Returns the sum of the squares of `values`.
    ///
    /// Sums in `Float` SIMD lanes first, and repeats the sum in `Double` when that overflows,
    /// so the result is non-finite only when `values` contains a NaN or an infinity. The
    /// `Float` sum is accurate to a few units in the last place of `Float`, not of `Double`.
    static func sumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Double {
        let fast = floatSumOfSquares(values)
        if fast.isFinite {
            return Double(fast)
        }
        return doubleSumOfSquares(values)
    }

    private static func floatSumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let base = values.baseAddress else { return 0 }

        var partial0 = SIMD8<Float>()
        var partial1 = SIMD8<Float>()
        var index = 0
        let unrolledEnd = values.count & ~15
        let raw = UnsafeRawPointer(base)
        while index < unrolledEnd {
            let a = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            let b = raw.loadUnaligned(fromByteOffset: (index + 8) * 4, as: SIMD8<Float>.self)
            partial0 += a * a
            partial1 += b * b
            index += 16
        }

        var sum = (partial0 + partial1).sum()
        while index < values.count {
            sum += values[index] * values[index]
            index += 1
        }
        return sum
    }

    private static func doubleSumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Double {
        var sum = 0.0
        for value in values {
            sum += Double(value) * Double(value)
        }
        return sum
    }

    /// Returns the dot product of the first `count` elements of `x` and `y`, summed in
    /// eight `Float` lanes. The summation order is fixed, so equal inputs give equal results.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>()
        var index = 0
        let unrolledEnd = count & ~7
        let rawX = UnsafeRawPointer(x)
        let rawY = UnsafeRawPointer(y)
        while index < unrolledEnd {
            let a = rawX.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            let b = rawY.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            partial += a * b
            index += 8
        }

        var sum = partial.sum()
        while index < count {
            sum += x[index] * y[index]
            index += 1
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
