/// Per-type initializers and accessors, so callers need not switch over `Storage`.
///
/// Each initializer traps when the number of values differs from the product of
/// `shape` or an axis is negative. Use `init(shape:storage:)` to get an error instead.
extension NumPyArray {
    public init(float32 values: [Float], shape: [Int]) {
        self.init(checkedShape: shape, storage: .float32(values))
    }

    public init(float64 values: [Double], shape: [Int]) {
        self.init(checkedShape: shape, storage: .float64(values))
    }

    public init(int32 values: [Int32], shape: [Int]) {
        self.init(checkedShape: shape, storage: .int32(values))
    }

    public init(int64 values: [Int64], shape: [Int]) {
        self.init(checkedShape: shape, storage: .int64(values))
    }

    public init(uint8 values: [UInt8], shape: [Int]) {
        self.init(checkedShape: shape, storage: .uint8(values))
    }

    public init(bool values: [Bool], shape: [Int]) {
        self.init(checkedShape: shape, storage: .bool(values))
    }

    /// Creates a one-dimensional array of shape `[values.count]`.
    public init(float32 values: [Float]) {
        self.init(checkedShape: [values.count], storage: .float32(values))
    }

    public init(float64 values: [Double]) {
        self.init(checkedShape: [values.count], storage: .float64(values))
    }

    public init(int32 values: [Int32]) {
        self.init(checkedShape: [values.count], storage: .int32(values))
    }

    public init(int64 values: [Int64]) {
        self.init(checkedShape: [values.count], storage: .int64(values))
    }

    public init(uint8 values: [UInt8]) {
        self.init(checkedShape: [values.count], storage: .uint8(values))
    }

    public init(bool values: [Bool]) {
        self.init(checkedShape: [values.count], storage: .bool(values))
    }

    /// Creates a scalar (shape `[]`, one element).
    public init(float32 value: Float) {
        self.init(checkedShape: [], storage: .float32([value]))
    }

    public init(float64 value: Double) {
        self.init(checkedShape: [], storage: .float64([value]))
    }

    public init(int32 value: Int32) {
        self.init(checkedShape: [], storage: .int32([value]))
    }

    public init(int64 value: Int64) {
        self.init(checkedShape: [], storage: .int64([value]))
    }

    public init(uint8 value: UInt8) {
        self.init(checkedShape: [], storage: .uint8([value]))
    }

    public init(bool value: Bool) {
        self.init(checkedShape: [], storage: .bool([value]))
    }

    /// The elements in C order if the dtype is float32, otherwise nil.
    public var float32Values: [Float]? {
        if case .float32(let values) = storage { values } else { nil }
    }

    /// The elements in C order if the dtype is float64, otherwise nil.
    public var float64Values: [Double]? {
        if case .float64(let values) = storage { values } else { nil }
    }

    /// The elements in C order if the dtype is int32, otherwise nil.
    public var int32Values: [Int32]? {
        if case .int32(let values) = storage { values } else { nil }
    }

    /// The elements in C order if the dtype is int64, otherwise nil.
    public var int64Values: [Int64]? {
        if case .int64(let values) = storage { values } else { nil }
    }

    /// The elements in C order if the dtype is uint8, otherwise nil.
    public var uint8Values: [UInt8]? {
        if case .uint8(let values) = storage { values } else { nil }
    }

    /// The elements in C order if the dtype is bool, otherwise nil.
    public var boolValues: [Bool]? {
        if case .bool(let values) = storage { values } else { nil }
    }
}
