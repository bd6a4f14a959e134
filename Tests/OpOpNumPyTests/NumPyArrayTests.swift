import XCTest

@testable import OpOpNumPy

final class NumPyArrayTests: XCTestCase {
    func testScalarHasEmptyShapeAndOneElement() {
        let scalar = NumPyArray(float64: 2.5)

        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.count, 1)
        XCTAssertEqual(scalar.ndim, 0)
        XCTAssertEqual(scalar.float64Values, [2.5])
    }

    func testZeroAxisMeansNoElements() throws {
        XCTAssertEqual(NumPyArray(float32: [], shape: [0]).count, 0)
        XCTAssertEqual(NumPyArray(int32: [], shape: [3, 0, 5]).count, 0)
        XCTAssertEqual(try NumPyArray(shape: [0, Int.max, 2], storage: .uint8([])).count, 0)
    }

    func testOneDimensionalInitUsesValueCount() {
        let array = NumPyArray(int64: [1, 2, 3])

        XCTAssertEqual(array.shape, [3])
        XCTAssertEqual(array.dtype, .int64)
    }

    func testThrowingInitRejectsCountMismatch() {
        XCTAssertThrowsError(try NumPyArray(shape: [2, 3], storage: .float32([1, 2, 3, 4, 5]))) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .shapeMismatch)
            XCTAssertTrue(error.description.contains("(2, 3) needs 6 elements but 5 were given"), error.description)
        }
    }

    func testThrowingInitRejectsNegativeAxis() {
        XCTAssertThrowsError(try NumPyArray(shape: [2, -1], storage: .float32([]))) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .invalidShape)
            XCTAssertTrue(error.description.contains("negative length -1 on axis 1"), error.description)
        }
    }

    func testThrowingInitRejectsOverflowingShape() {
        XCTAssertThrowsError(try NumPyArray(shape: [1 << 32, 1 << 32], storage: .bool([]))) { error in
            XCTAssertEqual((error as! NumPyFormatError).kind, .invalidShape)
        }
    }

    func testEqualityComparesFloatBits() {
        XCTAssertEqual(NumPyArray(float32: [.nan]), NumPyArray(float32: [.nan]))
        XCTAssertEqual(NumPyArray(float64: [.nan, 1]), NumPyArray(float64: [.nan, 1]))
        XCTAssertNotEqual(NumPyArray(float32: [0.0]), NumPyArray(float32: [-0.0]))
        XCTAssertNotEqual(NumPyArray(float64: [1]), NumPyArray(float64: [1.0000000001]))
    }

    func testEqualityDistinguishesShapeAndDType() {
        XCTAssertNotEqual(NumPyArray(int32: [1, 2, 3, 4], shape: [2, 2]), NumPyArray(int32: [1, 2, 3, 4], shape: [4]))
        XCTAssertNotEqual(NumPyArray(int32: [1, 2]), NumPyArray(int64: [1, 2]))
        XCTAssertNotEqual(NumPyArray(uint8: 1), NumPyArray(uint8: [1]))
    }

    func testTypedAccessorsMatchOnlyTheirDType() {
        let array = NumPyArray(bool: [true, false])

        XCTAssertEqual(array.boolValues, [true, false])
        XCTAssertNil(array.float32Values)
        XCTAssertNil(array.float64Values)
        XCTAssertNil(array.int32Values)
        XCTAssertNil(array.int64Values)
        XCTAssertNil(array.uint8Values)
    }

    func testDTypeDescrAndItemSize() {
        let expected: [(NumPyDType, String, Int)] = [
            (.float32, "<f4", 4), (.float64, "<f8", 8), (.int32, "<i4", 4),
            (.int64, "<i8", 8), (.uint8, "|u1", 1), (.bool, "|b1", 1),
        ]

        for (dtype, descr, size) in expected {
            XCTAssertEqual(dtype.descr, descr)
            XCTAssertEqual(dtype.itemSize, size, "\(dtype)")
        }
        XCTAssertEqual(NumPyDType.allCases.count, expected.count)
    }
}
