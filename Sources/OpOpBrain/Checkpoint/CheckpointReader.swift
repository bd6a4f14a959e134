import OpOpNumPy

/// A problem with one checkpoint array, worded to follow "cannot load brain checkpoint 'path': ".
struct CheckpointProblem: Error {
    let message: String
}

/// Typed, checked access to the arrays of a checkpoint archive.
///
/// Every accessor throws a `CheckpointProblem` naming the array when it is missing, has
/// another dtype or shape, or contains a value out of range, so that a load can check the
/// whole file before it changes the brain.
struct CheckpointReader {
    let archive: NPZArchive

    /// Returns the float32 values of `name`, whose shape must match `shape` (nil matches any length).
    /// Unless `allowNonFinite`, every value must be finite.
    func float32(_ name: String, shape: [Int?], allowNonFinite: Bool = false) throws(CheckpointProblem) -> [Float] {
        let array = try array(name, dtype: .float32, shape: shape)
        let values = array.float32Values ?? []
        if !allowNonFinite, let index = values.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointProblem(message: "array '\(name)' has the non-finite value \(values[index]) at flat index \(index); \(Self.corruptionFix)")
        }
        return values
    }

    /// Returns the float64 values of `name`, checked as `float32` checks.
    func float64(_ name: String, shape: [Int?], allowNonFinite: Bool = false) throws(CheckpointProblem) -> [Double] {
        let array = try array(name, dtype: .float64, shape: shape)
        let values = array.float64Values ?? []
        if !allowNonFinite, let index = values.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointProblem(message: "array '\(name)' has the non-finite value \(values[index]) at flat index \(index); \(Self.corruptionFix)")
        }
        return values
    }

    /// Returns the int64 values of `name` as `Int`, each of which must lie in `range`.
    func counts(_ name: String, shape: [Int?], in range: ClosedRange<Int>) throws(CheckpointProblem) -> [Int] {
        let array = try array(name, dtype: .int64, shape: shape)
        let values = (array.int64Values ?? []).map { Int($0) }
        if let index = values.firstIndex(where: { !range.contains($0) }) {
            throw CheckpointProblem(
                message: "array '\(name)' has the value \(values[index]) at flat index \(index), outside \(range.lowerBound)...\(range.upperBound); \(Self.corruptionFix)")
        }
        return values
    }

    /// Returns the int64 scalar `name`, which must lie in `range`.
    func count(_ name: String, in range: ClosedRange<Int>) throws(CheckpointProblem) -> Int {
        try counts(name, shape: [], in: range)[0]
    }

    /// Returns the int64 scalar `name` with its bits unchanged.
    func bitPattern(_ name: String) throws(CheckpointProblem) -> UInt64 {
        let array = try array(name, dtype: .int64, shape: [])
        return UInt64(bitPattern: array.int64Values?.first ?? 0)
    }

    func flag(_ name: String) throws(CheckpointProblem) -> Bool {
        let array = try array(name, dtype: .bool, shape: [])
        return array.boolValues?.first ?? false
    }

    static let corruptionFix = "the file is damaged or was not written by this program"

    private func array(_ name: String, dtype: NumPyDType, shape: [Int?]) throws(CheckpointProblem) -> NumPyArray {
        guard let array = archive[name] else {
            throw CheckpointProblem(message: "array '\(name)' is missing; pass a checkpoint saved by Brain.saveCheckpoint")
        }
        guard array.dtype == dtype else {
            throw CheckpointProblem(
                message: "array '\(name)' has dtype \(array.dtype.rawValue) but a brain checkpoint stores it as \(dtype.rawValue); \(Self.corruptionFix)")
        }

        let matches = array.shape.count == shape.count
            && zip(array.shape, shape).allSatisfy { actual, expected in expected.map { $0 == actual } ?? true }
        guard matches else {
            throw CheckpointProblem(
                message: "array '\(name)' has shape \(Self.describe(array.shape)) but this brain needs \(Self.describe(shape));"
                    + " load a checkpoint saved from a brain with the same groups, hidden sizes and windows")
        }
        return array
    }

    static func describe(_ shape: [Int?]) -> String {
        let axes = shape.map { $0.map(String.init) ?? "any" }
        return axes.count == 1 ? "(\(axes[0]),)" : "(" + axes.joined(separator: ", ") + ")"
    }
}
