import XCTest

@testable import OpOpNumPy

final class CRC32Tests: XCTestCase {
    func testCheckValue() {
        // The standard check value of CRC-32/ISO-HDLC for the ASCII digits 1 to 9.
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    func testMatchesBitwiseReference() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 8, 9, 15, 16, 17, 63, 64, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(CRC32.checksum(bytes), referenceCRC32(bytes), "length \(length)")
        }
    }

    func testIncrementalUpdateMatchesWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

        for split in [0, 1, 5, 8, 333, 999, 1000] {
            var crc = CRC32()
            crc.update(bytes[..<split])
            crc.update(bytes[split...])
            XCTAssertEqual(crc.value, referenceCRC32(bytes), "split \(split)")
        }
    }
}
