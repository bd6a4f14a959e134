import XCTest

@testable import OpOpNumPy

final class RoundTripTests: XCTestCase {
    func testNPYRoundTripsEveryDType() throws {
        let arrays = [
            NumPyArray(float32: [1.5, -2, .nan, .infinity, -0.0, 3e-38], shape: [2, 3]),
            NumPyArray(float64: [1e300, -1e-300, .pi], shape: [3]),
            NumPyArray(int32: [Int32.min, -1, 0, Int32.max], shape: [2, 2]),
            NumPyArray(int64: [Int64.min, Int64.max], shape: [2, 1]),
            NumPyArray(uint8: [0, 127, 128, 255], shape: [4, 1, 1]),
            NumPyArray(bool: [true, false, true], shape: [3]),
        ]

        for array in arrays {
            let bytes = NPY.encode(array)
            XCTAssertEqual(try NPY.decode(bytes), array, "\(array.dtype)")
        }
    }

    func testNPZRoundTripKeepsOrder() throws {
        var archive = NPZArchive()
        archive.set("weights", NumPyArray(float32: [1, 2, 3, 4], shape: [2, 2]))
        archive.set("step", NumPyArray(int64: 42))
        archive.set("alpha", NumPyArray(float64: []))

        let decoded = try NPZ.decode(NPZ.encode(archive))

        XCTAssertEqual(decoded.names, ["weights", "step", "alpha"])
        XCTAssertEqual(decoded, archive)
        XCTAssertEqual(decoded["step"]?.int64Values, [42])
        XCTAssertEqual(decoded["step"]?.shape, [])
    }
}
