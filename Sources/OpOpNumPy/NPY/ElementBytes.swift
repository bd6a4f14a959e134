/// Conversion between element arrays and their little-endian bytes.
enum ElementBytes {
    /// Appends the raw bytes of `storage` to `output`.
    static func append(_ storage: NumPyArray.Storage, to output: inout [UInt8]) {
        switch storage {
        case .float32(let values): appendRaw(values, to: &output)
        case .float64(let values): appendRaw(values, to: &output)
        case .int32(let values): appendRaw(values, to: &output)
        case .int64(let values): appendRaw(values, to: &output)
        case .uint8(let values): output.append(contentsOf: values)
        case .bool(let values): output.append(contentsOf: values.lazy.map { $0 ? 1 : 0 })
        }
    }

    /// Decodes `count` elements of `dtype` from `bytes`, which must hold exactly
    /// `count * dtype.itemSize` bytes.
    static func decode(_ bytes: ArraySlice<UInt8>, dtype: NumPyDType, count: Int) throws(NumPyFormatError) -> NumPyArray.Storage {
        switch dtype {
        case .float32: return .float32(decodeRaw(bytes, count: count))
        case .float64: return .float64(decodeRaw(bytes, count: count))
        case .int32: return .int32(decodeRaw(bytes, count: count))
        case .int64: return .int64(decodeRaw(bytes, count: count))
        case .uint8: return .uint8(Array(bytes))
        case .bool: return .bool(try decodeBools(bytes))
        }
    }

    private static func appendRaw<T: BitwiseCopyable>(_ values: [T], to output: inout [UInt8]) {
        values.withUnsafeBytes { output.append(contentsOf: $0) }
    }

    private static func decodeRaw<T: BitwiseCopyable>(_ bytes: ArraySlice<UInt8>, count: Int) -> [T] {
        precondition(bytes.count == count * MemoryLayout<T>.size, "ElementBytes: \(bytes.count) bytes for \(count) elements")

        return [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initializedCount = count
        }
    }

    /// Decodes bools, rejecting bytes other than 0 and 1 because NumPy never writes them
    /// and they point to corruption.
    private static func decodeBools(_ bytes: ArraySlice<UInt8>) throws(NumPyFormatError) -> [Bool] {
        var values: [Bool] = []
        values.reserveCapacity(bytes.count)

        for (index, byte) in bytes.enumerated() {
            guard byte <= 1 else {
                throw NumPyFormatError(
                    .invalidBool,
                    "bool element \(index) has the byte value \(byte), not 0 or 1",
                    fix: "the file is corrupt; write it again"
                )
            }
            values.append(byte == 1)
        }
        return values
    }
}

/// Reordering of Fortran-order (column-major) data into C order.
enum MemoryOrder {
    /// Returns the elements of a column-major array of `shape` in row-major order.
    ///
    /// Walks the C-order indices like an odometer, last axis fastest, and keeps the
    /// matching column-major offset in step, so each element costs O(1) on average.
    static func rowMajor<T>(fromColumnMajor values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, !values.isEmpty else {
            return values
        }

        var columnStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count {
            columnStrides[axis] = columnStrides[axis - 1] * shape[axis - 1]
        }

        var result: [T] = []
        result.reserveCapacity(values.count)
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        for _ in 0..<values.count {
            result.append(values[offset])

            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += columnStrides[axis]
                if index[axis] < shape[axis] {
                    break
                }
                offset -= columnStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    static func rowMajor(fromColumnMajor storage: NumPyArray.Storage, shape: [Int]) -> NumPyArray.Storage {
        switch storage {
        case .float32(let values): .float32(rowMajor(fromColumnMajor: values, shape: shape))
        case .float64(let values): .float64(rowMajor(fromColumnMajor: values, shape: shape))
        case .int32(let values): .int32(rowMajor(fromColumnMajor: values, shape: shape))
        case .int64(let values): .int64(rowMajor(fromColumnMajor: values, shape: shape))
        case .uint8(let values): .uint8(rowMajor(fromColumnMajor: values, shape: shape))
        case .bool(let values): .bool(rowMajor(fromColumnMajor: values, shape: shape))
        }
    }
}
