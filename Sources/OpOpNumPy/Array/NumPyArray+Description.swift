extension NumPyArray: CustomStringConvertible {
    /// The dtype, shape and at most the first eight elements, so that a million-element
    /// array in a failed assertion stays readable.
    public var description: String {
        let shownCount = 8
        let values: [String] =
            switch storage {
            case .float32(let values): values.prefix(shownCount).map { "\($0)" }
            case .float64(let values): values.prefix(shownCount).map { "\($0)" }
            case .int32(let values): values.prefix(shownCount).map { "\($0)" }
            case .int64(let values): values.prefix(shownCount).map { "\($0)" }
            case .uint8(let values): values.prefix(shownCount).map { "\($0)" }
            case .bool(let values): values.prefix(shownCount).map { "\($0)" }
            }

        let more = count > shownCount ? ", ... \(count - shownCount) more" : ""
        return "NumPyArray(\(dtype.rawValue), shape \(ShapeMath.describe(shape)), [\(values.joined(separator: ", "))\(more)])"
    }
}

extension NPZArchive: CustomStringConvertible {
    public var description: String {
        "NPZArchive([" + entries.map { "'\($0.name)': \($0.array)" }.joined(separator: ", ") + "])"
    }
}
