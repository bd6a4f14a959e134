/// An element type that `.npy` files store and this module reads and writes.
///
/// On disk every type is little-endian. The raw value is NumPy's name for the type, so
/// `NumPyDType(rawValue: "float32")` and `array.dtype.rawValue` match `numpy.dtype.name`.
public enum NumPyDType: String, Sendable, CaseIterable {
    case float32
    case float64
    case int32
    case int64
    case uint8
    case bool

    /// The size of one element in bytes.
    public var itemSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8, .bool: 1
        }
    }

    /// The type string that `.npy` headers store in `descr`, such as `<f4`.
    ///
    /// One-byte types use `|` because byte order does not apply to them, as NumPy writes.
    public var descr: String {
        switch self {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .bool: "|b1"
        }
    }
}
