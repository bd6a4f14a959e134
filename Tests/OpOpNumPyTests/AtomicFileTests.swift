import Foundation
import XCTest

@testable import OpOpNumPy

final class AtomicFileTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory?.remove()
    }

    func testWriteCreatesFile() throws {
        let path = directory.file("new.bin")

        try AtomicFile.write([1, 2, 3], to: path)

        XCTAssertEqual(try readBytes(path), [1, 2, 3])
        XCTAssertEqual(try directory.listing(), ["new.bin"])
    }

    func testWriteReplacesFile() throws {
        let path = directory.file("data.bin")
        try writeBytes(Array(repeating: 9, count: 1000), to: path)

        try AtomicFile.write([4, 5], to: path)

        XCTAssertEqual(try readBytes(path), [4, 5])
        XCTAssertEqual(try directory.listing(), ["data.bin"])
    }

    func testWriteEmptyFile() throws {
        let path = directory.file("empty.bin")

        try AtomicFile.write([], to: path)

        XCTAssertEqual(try readBytes(path), [])
    }

    func testNewFileModeFollowsUmask() throws {
        let path = directory.file("mode.bin")
        let mask = umask(0o022)
        defer { umask(mask) }

        try AtomicFile.write([1], to: path)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o644)
    }

    func testMissingDirectoryFails() throws {
        let path = directory.file("missing/file.bin")

        XCTAssertThrowsError(try AtomicFile.write([1], to: path)) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.path, path)
            XCTAssertEqual(error.errno, ENOENT)
            XCTAssertTrue(error.description.contains("No such file or directory"), error.description)
            XCTAssertTrue(error.description.contains("'\(directory.file("missing"))' exists"), error.description)
        }
        XCTAssertEqual(try directory.listing(), [])
    }

    func testPathUnderRegularFileFails() throws {
        let blocker = directory.file("blocker")
        try writeBytes([7, 7], to: blocker)

        XCTAssertThrowsError(try AtomicFile.write([1], to: blocker + "/file.bin")) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.errno, ENOTDIR)
            XCTAssertTrue(error.description.contains("Not a directory"), error.description)
        }
        XCTAssertEqual(try readBytes(blocker), [7, 7])
        XCTAssertEqual(try directory.listing(), ["blocker"])
    }

    func testDirectoryTargetFailsAndStaysIntact() throws {
        let target = directory.file("folder")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try writeBytes([1], to: target + "/inside")

        XCTAssertThrowsError(try AtomicFile.write([2], to: target)) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.path, target)
            XCTAssertEqual(error.errno, EISDIR)
            XCTAssertTrue(error.operation.hasPrefix("rename"), error.description)
        }
        XCTAssertEqual(try readBytes(target + "/inside"), [1])
        XCTAssertEqual(try directory.listing(), ["folder"])
    }

    func testRejectsEmptyAndDirectoryPaths() {
        XCTAssertThrowsError(try AtomicFile.write([1], to: "")) { error in
            XCTAssertTrue("\(error)".contains("the path is empty"), "\(error)")
        }
        XCTAssertThrowsError(try AtomicFile.write([1], to: directory.path + "/")) { error in
            XCTAssertEqual((error as! FileOperationError).errno, EISDIR)
        }
    }

    func testRelativePathWritesIntoWorkingDirectory() throws {
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        try AtomicFile.write([3], to: "relative.bin")

        XCTAssertEqual(try readBytes(directory.file("relative.bin")), [3])
    }

    func testLongFileNameStillGetsTemporaryFile() throws {
        let name = String(repeating: "n", count: 250)

        try AtomicFile.write([5], to: directory.file(name))

        XCTAssertEqual(try readBytes(directory.file(name)), [5])
    }

    // MARK: - Injected failures

    func testWriteFailureKeepsOldFile() throws {
        var calls = SystemCalls.system
        calls.write = { _, _, _ in
            errno = ENOSPC
            return -1
        }

        try assertFailureKeepsOldFile(calls: calls, errno: ENOSPC, operation: "write temporary file", text: "No space left on device")
    }

    func testZeroByteWriteFails() throws {
        var calls = SystemCalls.system
        calls.write = { _, _, _ in 0 }

        try assertFailureKeepsOldFile(calls: calls, errno: 0, operation: "write temporary file", text: "wrote 0 of 5 bytes")
    }

    func testReasonCombinesErrnoAndDetail() {
        let both = FileOperationError(path: "/x", operation: "write", errno: ENOSPC, detail: "wrote 0 of 4 bytes")
        let detailOnly = FileOperationError(path: "/x", operation: "write", errno: 0, detail: "wrote 0 of 4 bytes")
        let errnoOnly = FileOperationError(path: "/x", operation: "open", errno: ENOENT)

        XCTAssertEqual(both.reason, "No space left on device (errno 28): wrote 0 of 4 bytes")
        XCTAssertEqual(detailOnly.reason, "wrote 0 of 4 bytes")
        XCTAssertEqual(errnoOnly.description, "open failed for '/x': No such file or directory (errno 2)")
    }

    func testFsyncFailureKeepsOldFile() throws {
        var calls = SystemCalls.system
        calls.fsync = { _ in
            errno = EIO
            return -1
        }

        try assertFailureKeepsOldFile(calls: calls, errno: EIO, operation: "fsync temporary file", text: "Input/output error")
    }

    func testCloseFailureKeepsOldFile() throws {
        var calls = SystemCalls.system
        calls.close = { descriptor in
            _ = close(descriptor)
            errno = EIO
            return -1
        }

        try assertFailureKeepsOldFile(calls: calls, errno: EIO, operation: "close temporary file", text: "Input/output error")
    }

    func testRenameFailureKeepsOldFile() throws {
        var calls = SystemCalls.system
        calls.rename = { _, _ in
            errno = EXDEV
            return -1
        }

        try assertFailureKeepsOldFile(calls: calls, errno: EXDEV, operation: "rename from", text: "Invalid cross-device link")
    }

    func testShortAndInterruptedWritesComplete() throws {
        let attempts = Counter()
        var calls = SystemCalls.system
        calls.write = { descriptor, buffer, count in
            // Fail every third call with EINTR and write at most 3 bytes otherwise.
            if attempts.increment() % 3 == 0 {
                errno = EINTR
                return -1
            }
            return write(descriptor, buffer, min(count, 3))
        }
        let path = directory.file("slow.bin")
        let bytes = (0..<100).map { UInt8($0) }

        try AtomicFile.write(bytes, to: path, calls: calls)

        XCTAssertEqual(try readBytes(path), bytes)
        XCTAssertGreaterThan(attempts.value, 34)
    }

    func testDirectoryFsyncEINVALIsAccepted() throws {
        let fsyncCalls = Counter()
        var calls = SystemCalls.system
        calls.fsync = { descriptor in
            // The second fsync is the directory's.
            if fsyncCalls.increment() == 2 {
                errno = EINVAL
                return -1
            }
            return fsync(descriptor)
        }
        let path = directory.file("dir-sync.bin")

        try AtomicFile.write([1, 2], to: path, calls: calls)

        XCTAssertEqual(try readBytes(path), [1, 2])
    }

    func testDirectoryFsyncFailureReportsFileInPlace() throws {
        let fsyncCalls = Counter()
        var calls = SystemCalls.system
        calls.fsync = { descriptor in
            if fsyncCalls.increment() == 2 {
                errno = EIO
                return -1
            }
            return fsync(descriptor)
        }
        let path = directory.file("dir-sync.bin")

        XCTAssertThrowsError(try AtomicFile.write([1, 2], to: path, calls: calls)) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.path, directory.path)
            XCTAssertTrue(error.description.contains("the new file is in place"), error.description)
        }
        XCTAssertEqual(try readBytes(path), [1, 2])
    }

    private func assertFailureKeepsOldFile(
        calls: SystemCalls,
        errno expectedErrno: Int32,
        operation: String,
        text: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let path = directory.file("keep.npz")
        try writeBytes([1, 2, 3], to: path)

        XCTAssertThrowsError(try AtomicFile.write([9, 9, 9, 9, 9], to: path, calls: calls), file: file, line: line) { error in
            let error = error as! FileOperationError
            XCTAssertEqual(error.path, path, file: file, line: line)
            XCTAssertEqual(error.errno, expectedErrno, file: file, line: line)
            XCTAssertTrue(error.operation.hasPrefix(operation), error.description, file: file, line: line)
            XCTAssertTrue(error.description.contains(text), error.description, file: file, line: line)
        }
        XCTAssertEqual(try readBytes(path), [1, 2, 3], "old file changed", file: file, line: line)
        XCTAssertEqual(try directory.listing(), ["keep.npz"], "temporary file left behind", file: file, line: line)
    }
}

/// A counter that `@Sendable` closures can share.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.withLock { count }
    }

    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
