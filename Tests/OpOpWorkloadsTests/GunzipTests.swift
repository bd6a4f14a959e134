import XCTest
@testable import OpOpWorkloads

final class GunzipTests: XCTestCase {
    func testDecompressesEmbeddedFile() throws {
        let csv = try gunzip(DigitsDataset.embeddedGzipBytes())

        XCTAssertEqual(csv.filter { $0 == UInt8(ascii: "\n") }.count, 1797)
        XCTAssertEqual(Array(csv.prefix(8)), Array("0,0,5,13".utf8))
    }

    func testTruncatedInputFails() throws {
        let gzip = try DigitsDataset.embeddedGzipBytes()

        XCTAssertThrowsError(try gunzip(Array(gzip.dropLast(100)))) { error in
            XCTAssertEqual((error as? GunzipError)?.detail, "the data ends before the gzip stream does (truncated input)")
        }
    }

    func testEmptyInputFails() {
        XCTAssertThrowsError(try gunzip([])) { error in
            XCTAssertNotNil(error as? GunzipError)
        }
    }

    func testTrailingBytesFail() throws {
        let gzip = try DigitsDataset.embeddedGzipBytes()

        XCTAssertThrowsError(try gunzip(gzip + [1, 2, 3])) { error in
            XCTAssertEqual((error as? GunzipError)?.detail, "3 bytes follow the end of the gzip stream")
        }
    }

    func testNotGzipFails() {
        XCTAssertThrowsError(try gunzip(Array("0,0,5,13,9,1,0,0\n".utf8))) { error in
            XCTAssertEqual((error as? GunzipError)?.detail, "incorrect header check")
        }
    }

    func testCorruptedLengthTrailerFails() throws {
        var gzip = try DigitsDataset.embeddedGzipBytes()

        // The last four bytes hold the uncompressed length modulo 2^32.
        gzip[gzip.count - 1] ^= 0xFF

        XCTAssertThrowsError(try gunzip(gzip)) { error in
            XCTAssertEqual((error as? GunzipError)?.detail, "incorrect length check")
        }
    }
}
