/// An n-dimensional array of one element type, laid out in C (row-major) order.
///
/// This is the unit that `.npy` files store. The element count always equals the
/// product of `shape`, so an array can always be written; the initializers check that.
/// A scalar has the shape `[]` and one element.
public struct NumPyArray: Sendable {
    /// The elements, flat in C order, tagged with their type.
    public enum Storage: Sendable {
        case float32([Float])
        case float64([Double])
        case int32([Int32])
        case int64([Int64])
        case uint8([UInt8])
        case bool([Bool])
    }

    /// The length of each axis, outermost first. `[]` is a scalar.
    public private(set) var shape: [Int]

    /// The elements. Read-only so that its count cannot drift from `shape`.
    public private(set) var storage: Storage

    /// Creates an array after checking that `shape` has no negative axis and that its
    /// product equals the number of elements in `storage`.
    ///
    /// Use this initializer for shapes that come from input. The per-type initializers
    /// such as `init(float32:shape:)` trap on the same mistakes instead, because there
    /// the caller builds both values and shape.
    public init(shape: [Int], storage: Storage) throws(NumPyFormatError) {
        let count = try ShapeMath.elementCount(of: shape)
        guard count == storage.count else {
            throw NumPyFormatError(
                .shapeMismatch,
                "shape \(ShapeMath.describe(shape)) needs \(count) elements but \(storage.count) were given",
                fix: "pass as many values as the product of the shape"
            )
        }
        self.shape = shape
        self.storage = storage
    }

    /// Creates an array from values and a shape the caller knows to match.
    ///
    /// Traps with a message naming both counts when they differ: that is a bug in the
    /// caller, not bad input.
    init(checkedShape shape: [Int], storage: Storage) {
        do {
            try self.init(shape: shape, storage: storage)
        } catch {
            preconditionFailure("NumPyArray: \(error.description)")
        }
    }

    /// The element type.
    public var dtype: NumPyDType {
        storage.dtype
    }

    /// The number of elements: the product of the shape, 1 for a scalar, 0 when any axis is 0.
    public var count: Int {
        storage.count
    }

    /// The number of axes; 0 for a scalar.
    public var ndim: Int {
        shape.count
    }
}

extension NumPyArray.Storage {
    /// The element type of these values.
    public var dtype: NumPyDType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .bool: .bool
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .uint8(let values): values.count
        case .bool(let values): values.count
        }
    }
}

extension NumPyArray: Equatable {
    /// Two arrays are equal when they have the same shape, dtype and element bit patterns.
    ///
    /// Floats compare by bits, not by IEEE `==`, so that an array holding NaN equals its
    /// own copy read back from a file, and `0.0` differs from `-0.0`.
    public static func == (lhs: NumPyArray, rhs: NumPyArray) -> Bool {
        guard lhs.shape == rhs.shape else {
            return false
        }

        switch (lhs.storage, rhs.storage) {
        case (.float32(let a), .float32(let b)):
            return a.elementsEqual(b) { $0.bitPattern == $1.bitPattern }
        case (.float64(let a), .float64(let b)):
            return a.elementsEqual(b) { $0.bitPattern == $1.bitPattern }
        case (.int32(let a), .int32(let b)):
            return a == b
        case (.int64(let a), .int64(let b)):
            return a == b
        case (.uint8(let a), .uint8(let b)):
            return a == b
        case (.bool(let a), .bool(let b)):
            return a == b
        default:
            return false
        }
    }
}
