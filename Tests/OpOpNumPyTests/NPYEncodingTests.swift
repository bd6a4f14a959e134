import XCTest

@testable import OpOpNumPy

final class NPYEncodingTests: XCTestCase {
    func testHeaderMatchesNumPyLayout() throws {
        let bytes = NPY.encode(NumPyArray(float32: Array(repeating: 1, count: 12), shape: [3, 4]))

        XCTAssertEqual(Array(bytes[0..<8]), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        XCTAssertEqual(bytes.count, 10 + headerLength + 48)

        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        let dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
        XCTAssertTrue(header.hasPrefix(dictionary), header)
        XCTAssertTrue(header.hasSuffix("\n"))
        XCTAssertEqual(header.dropFirst(dictionary.count).dropLast().filter { $0 != " " }, "")
    }

    func testShapesRenderAsPythonTuples() {
        let cases: [([Int], String)] = [([], "()"), ([5], "(5,)"), ([2, 0, 3], "(2, 0, 3)")]

        for (shape, tuple) in cases {
            let storage = NumPyArray.Storage.int32([Int32](repeating: 0, count: shape.reduce(1, *)))
            let bytes = NPY.encode(try! NumPyArray(shape: shape, storage: storage))
            let header = String(decoding: bytes[10..<128], as: UTF8.self)
            XCTAssertTrue(header.contains("'shape': \(tuple), }"), header)
        }
    }

    func testDataStartsAlignedForEveryHeaderLength() throws {
        for ndim in 0..<40 {
            let shape = [Int](repeating: 1, count: ndim)
            let bytes = NPY.encode(NumPyArray(uint8: [7], shape: shape))

            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            XCTAssertEqual((10 + headerLength) % 64, 0, "ndim \(ndim)")
            XCTAssertEqual(bytes.last, 7)
            XCTAssertEqual(try NPY.decode(bytes).shape, shape)
        }
    }

    func testHugeHeaderUsesVersionTwo() throws {
        let shape = [Int](repeating: 1, count: 30_000)
        let array = NumPyArray(float64: [42], shape: shape)
        let bytes = NPY.encode(array)

        XCTAssertEqual(Array(bytes[6..<8]), [2, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        XCTAssertEqual((12 + headerLength) % 64, 0)
        XCTAssertEqual(try NPY.decode(bytes), array)
    }

    func testRoundTripsEveryDType() throws {
        let arrays = [
            NumPyArray(float32: [1.5, -2, .nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude], shape: [7]),
            NumPyArray(float64: [1e300, -1e-300, .pi, .nan, -0.0, .greatestFiniteMagnitude], shape: [2, 3]),
            NumPyArray(int32: [Int32.min, -1, 0, Int32.max], shape: [2, 2]),
            NumPyArray(int64: [Int64.min, -1, 0, Int64.max], shape: [4, 1]),
            NumPyArray(uint8: Array(0...255), shape: [4, 4, 16]),
            NumPyArray(bool: [true, false, true, true, false, false], shape: [3, 2]),
        ]

        for array in arrays {
            XCTAssertEqual(try NPY.decode(NPY.encode(array)), array, "\(array.dtype)")
        }
    }

    func testRoundTripsShapes() throws {
        let shapes: [[Int]] = [[], [0], [1], [3, 0], [0, 3], [2, 0, 4], [1, 1, 1, 1, 1], [2, 3, 4, 5], [7, 1, 3]]

        for shape in shapes {
            let count = shape.reduce(1, *)
            let array = NumPyArray(float32: (0..<count).map { Float($0) * 0.5 - 3 }, shape: shape)
            let decoded = try NPY.decode(NPY.encode(array))
            XCTAssertEqual(decoded, array, "shape \(shape)")
            XCTAssertEqual(decoded.shape, shape)
        }
    }

    func testRoundTripsLargeArray() throws {
        let count = 3_000_000
        let array = NumPyArray(float64: (0..<count).map { Double($0) * 1.25 }, shape: [1000, 3000])

        let bytes = NPY.encode(array)
        XCTAssertEqual(bytes.count, 128 + count * 8)
        XCTAssertEqual(try NPY.decode(bytes), array)
    }

    func testDecodeReordersFortranOrder() throws {
        // A 2x3 array [[0, 1, 2], [3, 4, 5]] stored column by column.
        let columnMajor: [Int32] = [0, 3, 1, 4, 2, 5]
        let bytes = makeNPY(
            header: "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }",
            data: columnMajor.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        )

        let array = try NPY.decode(bytes)

        XCTAssertEqual(array.shape, [2, 3])
        XCTAssertEqual(array.int32Values, [0, 1, 2, 3, 4, 5])
    }

    func testFortranReorderMatchesIndexFormula() {
        let shape = [3, 4, 2, 5]
        let count = shape.reduce(1, *)
        // Element with C-order index (a, b, c, d) gets value 1000a + 100b + 10c + d.
        var columnMajor = [Int](repeating: 0, count: count)
        for a in 0..<3 {
            for b in 0..<4 {
                for c in 0..<2 {
                    for d in 0..<5 {
                        columnMajor[a + 3 * (b + 4 * (c + 2 * d))] = 1000 * a + 100 * b + 10 * c + d
                    }
                }
            }
        }

        let rowMajor = MemoryOrder.rowMajor(fromColumnMajor: columnMajor, shape: shape)

        var expected: [Int] = []
        for a in 0..<3 {
            for b in 0..<4 {
                for c in 0..<2 {
                    for d in 0..<5 {
                        expected.append(1000 * a + 100 * b + 10 * c + d)
                    }
                }
            }
        }
        XCTAssertEqual(rowMajor, expected)
    }

    func testFortranOrderOneDimensionalIsUnchanged() throws {
        let bytes = makeNPY(header: "{'descr': '|u1', 'fortran_order': True, 'shape': (3,), }", data: [9, 8, 7])

        XCTAssertEqual(try NPY.decode(bytes).uint8Values, [9, 8, 7])
    }
}
