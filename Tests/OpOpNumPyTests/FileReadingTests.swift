import Foundation
import XCTest

@testable import OpOpNumPy

final class FileReadingTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory?.remove()
    }

    func testWriteThenReadArchive() throws {
        let archive = NPZArchive([("w", NumPyArray(float32: [1, 2, 3, 4], shape: [2, 2])), ("n", NumPyArray(int64: 3))])
        let path = directory.file("checkpoint.npz")

        try NPZ.write(archive, to: path)

        XCTAssertEqual(try NPZ.read(path: path), archive)
        XCTAssertEqual(try readBytes(path), NPZ.encode(archive))
    }

    func testReadLargeFileWhole() throws {
        let array = NumPyArray(uint8: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let path = directory.file("large.npy")

        try NPY.write(array, to: path)

        XCTAssertEqual(try NPY.read(path: path), array)
    }

    func testReadMissingFileNamesPath() {
        let path = directory.file("absent.npz")

        XCTAssertThrowsError(try NPZ.read(path: path)) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.path, path)
            XCTAssertEqual(error.errno, ENOENT)
            XCTAssertEqual(error.description, "open failed for '\(path)': No such file or directory (errno 2)")
        }
    }

    func testReadDirectoryFails() {
        XCTAssertThrowsError(try NPZ.read(path: directory.path)) { error in
            XCTAssertEqual((error as! FileOperationError).errno, EISDIR)
        }
    }

    func testFormatErrorNamesFile() throws {
        let path = directory.file("notes.npz")
        try writeBytes(Array("just some text".utf8), to: path)

        XCTAssertThrowsError(try NPZ.read(path: path)) { error in
            let error = error as! NumPyFormatError
            XCTAssertEqual(error.kind, .notZip)
            XCTAssertEqual(error.path, path)
            XCTAssertTrue(error.description.hasPrefix("file '\(path)': the data is not a ZIP archive"), error.description)
        }
    }

    func testEmptyFileIsClearError() throws {
        let path = directory.file("empty.npz")
        try writeBytes([], to: path)

        XCTAssertThrowsError(try NPZ.read(path: path)) { error in
            XCTAssertEqual("\(error)", "file '\(path)': the data is empty (0 bytes); pass a .npz file written by numpy.savez")
        }
    }
}
