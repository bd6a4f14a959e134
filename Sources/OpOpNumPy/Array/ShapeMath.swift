/// Shape arithmetic shared by arrays and the `.npy` header.
enum ShapeMath {
    /// Returns the product of `shape`, or throws when an axis is negative or the product
    /// does not fit in `Int`.
    ///
    /// A shape with a zero axis has zero elements whatever its other axes are, as in NumPy.
    static func elementCount(of shape: [Int]) throws(NumPyFormatError) -> Int {
        for (axis, length) in shape.enumerated() where length < 0 {
            throw NumPyFormatError(
                .invalidShape,
                "shape \(describe(shape)) has negative length \(length) on axis \(axis)",
                fix: "use axis lengths of 0 or more"
            )
        }

        if shape.contains(0) {
            return 0
        }

        var product = 1
        for length in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: length)
            guard !overflow else {
                throw NumPyFormatError(
                    .invalidShape,
                    "shape \(describe(shape)) has more elements than \(Int.max)",
                    fix: "the shape is corrupt or the array is too large to load"
                )
            }
            product = next
        }
        return product
    }

    /// Formats a shape as a Python tuple: `()`, `(3,)`, `(3, 4)`.
    static func describe(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: "()"
        case 1: "(\(shape[0]),)"
        default: "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
    }
}
