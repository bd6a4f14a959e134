/// Loops over the rows of row-major `Float` matrices, for the policy's forward and backward
/// passes.
///
/// Each loop keeps several independent sums in flight, so an addition need not wait for
/// the one before it. Every output element is still summed in the order of the plain
/// loop, so the results have the same bits.
extension VectorMath {
    /// Writes `dot(rows + r * stride, x, count)` to `output[r]` for r in 0..<4, each with
    /// the same bits as `dot`.
    static func dot4(
        rows: UnsafePointer<Float>, stride: Int, _ x: UnsafePointer<Float>, count: Int, output: UnsafeMutablePointer<Float>
    ) {
        var partial0 = SIMD8<Float>()
        var partial1 = SIMD8<Float>()
        var partial2 = SIMD8<Float>()
        var partial3 = SIMD8<Float>()
        let rawX = UnsafeRawPointer(x)
        let raw0 = UnsafeRawPointer(rows)
        let raw1 = UnsafeRawPointer(rows + stride)
        let raw2 = UnsafeRawPointer(rows + 2 * stride)
        let raw3 = UnsafeRawPointer(rows + 3 * stride)

        var index = 0
        let unrolledEnd = count & ~7
        while index < unrolledEnd {
            let offset = index * 4
            let b = rawX.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            partial0 += raw0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * b
            partial1 += raw1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * b
            partial2 += raw2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * b
            partial3 += raw3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * b
            index += 8
        }

        var sum0 = partial0.sum()
        var sum1 = partial1.sum()
        var sum2 = partial2.sum()
        var sum3 = partial3.sum()
        while index < count {
            sum0 += rows[index] * x[index]
            sum1 += rows[stride + index] * x[index]
            sum2 += rows[2 * stride + index] * x[index]
            sum3 += rows[3 * stride + index] * x[index]
            index += 1
        }
        output[0] = sum0
        output[1] = sum1
        output[2] = sum2
        output[3] = sum3
    }

    /// Adds `x[i] * scale` to `y[i]` for i in 0..<count.
    static func addScaled(_ x: UnsafePointer<Float>, by scale: Float, to y: UnsafeMutablePointer<Float>, count: Int) {
        let rawX = UnsafeRawPointer(x)
        let rawY = UnsafeMutableRawPointer(y)
        var index = 0
        let unrolledEnd = count & ~7
        while index < unrolledEnd {
            let offset = index * 4
            let sum = rawY.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                + rawX.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * scale
            rawY.storeBytes(of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
            index += 8
        }
        while index < count {
            y[index] += x[index] * scale
            index += 1
        }
    }

    /// Writes Σ_r weights[r · weightStride] · rows[r · rowStride + c] to `output[c]` for c in
    /// 0..<columns, adding the rows in order from 0 and skipping each row whose weight is 0.
    static func writeWeightedRowSum(
        rowCount: Int, weights: UnsafePointer<Float>, weightStride: Int,
        rows: UnsafePointer<Float>, rowStride: Int, columns: Int, into output: UnsafeMutablePointer<Float>
    ) {
        let rawOutput = UnsafeMutableRawPointer(output)
        var column = 0

        // Four vectors of eight columns at a time keep four independent chains of additions.
        while column + 32 <= columns {
            var sum0 = SIMD8<Float>()
            var sum1 = SIMD8<Float>()
            var sum2 = SIMD8<Float>()
            var sum3 = SIMD8<Float>()
            for row in 0..<rowCount {
                let weight = weights[row * weightStride]
                guard weight != 0 else { continue }
                let raw = UnsafeRawPointer(rows + row * rowStride + column)
                sum0 += weight * raw.loadUnaligned(as: SIMD8<Float>.self)
                sum1 += weight * raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                sum2 += weight * raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                sum3 += weight * raw.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            }
            rawOutput.storeBytes(of: sum0, toByteOffset: column * 4, as: SIMD8<Float>.self)
            rawOutput.storeBytes(of: sum1, toByteOffset: column * 4 + 32, as: SIMD8<Float>.self)
            rawOutput.storeBytes(of: sum2, toByteOffset: column * 4 + 64, as: SIMD8<Float>.self)
            rawOutput.storeBytes(of: sum3, toByteOffset: column * 4 + 96, as: SIMD8<Float>.self)
            column += 32
        }

        while column + 8 <= columns {
            var sum = SIMD8<Float>()
            for row in 0..<rowCount {
                let weight = weights[row * weightStride]
                guard weight != 0 else { continue }
                sum += weight * UnsafeRawPointer(rows + row * rowStride + column).loadUnaligned(as: SIMD8<Float>.self)
            }
            rawOutput.storeBytes(of: sum, toByteOffset: column * 4, as: SIMD8<Float>.self)
            column += 8
        }

        while column + 4 <= columns {
            var sum = SIMD4<Float>()
            for row in 0..<rowCount {
                let weight = weights[row * weightStride]
                guard weight != 0 else { continue }
                sum += weight * UnsafeRawPointer(rows + row * rowStride + column).loadUnaligned(as: SIMD4<Float>.self)
            }
            rawOutput.storeBytes(of: sum, toByteOffset: column * 4, as: SIMD4<Float>.self)
            column += 4
        }

        while column < columns {
            var sum: Float = 0
            for row in 0..<rowCount {
                let weight = weights[row * weightStride]
                guard weight != 0 else { continue }
                sum += weight * rows[row * rowStride + column]
            }
            output[column] = sum
            column += 1
        }
    }
}
