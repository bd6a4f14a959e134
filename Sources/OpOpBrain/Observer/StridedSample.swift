/// The sums behind the cosine between a gradient and the previous one, computed on a
/// strided sample of at most `GroupObserver.sampleLimit` elements.
///
/// Every sum runs in four `Double` lanes: element i of the sample goes to lane i mod 4,
/// and the elements after the last full group of four go to lane 0. Consecutive additions
/// therefore do not wait on each other. `replace` and `sumOfSquares` add in the same
/// order, so the sum of squares `replace` returns for a sample has the same bits as
/// `sumOfSquares` of that sample later.
enum StridedSample {
    /// The sums of one call to `replace`.
    struct Sums {
        /// Dot product of the new sample with the sample it replaced.
        var dot: Double
        /// Sum of the squares of the new sample.
        var squares: Double
    }

    /// Returns the stride between sampled elements and the sample length for a gradient
    /// of `count` elements, so that the length is at most `limit`.
    static func layout(count: Int, limit: Int) -> (stride: Int, length: Int) {
        let stride = (count + limit - 1) / limit
        let length = (count + stride - 1) / stride
        return (stride, length)
    }

    /// Overwrites `sample[0..<length]` with elements 0, stride, 2·stride, ... of `gradient`
    /// and returns the dot product with the old sample and the new sum of squares.
    ///
    /// The sample is kept in `Double`, which represents every `Float` exactly, so that the loop
    /// converts each new element once and the old ones never.
    ///
    /// - Precondition: `(length - 1) * stride < gradient.count`.
    static func replace(
        _ sample: UnsafeMutablePointer<Double>, with gradient: UnsafeBufferPointer<Float>, stride: Int, length: Int
    ) -> Sums {
        guard length > 0, let source = gradient.baseAddress else { return Sums(dot: 0, squares: 0) }
        precondition(
            (length - 1) * stride < gradient.count,
            "a sample of \(length) elements at stride \(stride) overruns a gradient of \(gradient.count) elements")

        var dot = SIMD4<Double>()
        var squares = SIMD4<Double>()

        @inline(__always)
        func accumulate(_ current: SIMD4<Double>, at index: Int) {
            let raw = UnsafeMutableRawPointer(sample + index)
            let earlier = raw.loadUnaligned(as: SIMD4<Double>.self)
            raw.storeBytes(of: current, as: SIMD4<Double>.self)
            dot += current * earlier
            squares += current * current
        }

        var index = 0
        let fullEnd = length & ~3
        if stride == 1 {
            let raw = UnsafeRawPointer(source)
            while index < fullEnd {
                let current = raw.loadUnaligned(fromByteOffset: 4 * index, as: SIMD4<Float>.self)
                accumulate(SIMD4<Double>(current), at: index)
                index += 4
            }
        } else {
            var position = 0
            while index < fullEnd {
                let current = SIMD4<Double>(
                    Double(source[position]), Double(source[position &+ stride]),
                    Double(source[position &+ 2 &* stride]), Double(source[position &+ 3 &* stride]))
                accumulate(current, at: index)
                index += 4
                position &+= 4 &* stride
            }
        }

        while index < length {
            let current = Double(source[index * stride])
            dot[0] += current * sample[index]
            squares[0] += current * current
            sample[index] = current
            index += 1
        }
        return Sums(dot: dot.sum(), squares: squares.sum())
    }

    /// Returns the sum of the squares of `sample[0..<length]`, in the order `replace` uses.
    static func sumOfSquares(_ sample: UnsafePointer<Double>, length: Int) -> Double {
        var squares = SIMD4<Double>()
        var index = 0
        let fullEnd = length & ~3
        while index < fullEnd {
            let value = UnsafeRawPointer(sample + index).loadUnaligned(as: SIMD4<Double>.self)
            squares += value * value
            index += 4
        }
        while index < length {
            squares[0] += sample[index] * sample[index]
            index += 1
        }
        return squares.sum()
    }
}
