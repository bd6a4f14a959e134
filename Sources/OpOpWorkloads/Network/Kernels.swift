// Inner loops of the dense layers, on raw pointers with explicit counts. Callers check
// the counts. The loops are shaped so that LLVM vectorises them in release builds
// without reordering floating-point additions it may not reorder.

/// Returns the dot product of `count` floats at `a` and at `b`.
///
/// Eight independent partial sums break the serial dependency of one accumulator, which
/// lets the compiler keep them in one vector register. The result therefore differs from a
/// left-to-right sum in the last bits, but is the same on every run.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
    var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0

    var i = 0
    while i + 8 <= count {
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        s4 += a[i + 4] * b[i + 4]
        s5 += a[i + 5] * b[i + 5]
        s6 += a[i + 6] * b[i + 6]
        s7 += a[i + 7] * b[i + 7]
        i += 8
    }

    var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// Adds `scale * x[i]` to `y[i]` for `i` in `0..<count` (BLAS `saxpy`). `x` and `y` must
/// not overlap.
@inline(__always)
func addScaled(_ scale: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count {
        y[i] += scale * x[i]
    }
}
