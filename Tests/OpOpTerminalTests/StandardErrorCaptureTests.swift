#if canImport(Glibc)
import Glibc
#endif
@testable import OpOpTerminal
import XCTest

final class StandardErrorCaptureTests: XCTestCase {
    /// Points descriptor 2 at a fresh temporary file for the test's duration and
    /// returns that file's descriptor.
    private func redirectStandardErrorToFile() throws -> (file: Int32, original: Int32) {
        var template = Array("/tmp/opop-top-capture-test-XXXXXX".utf8CString)
        let file = mkstemp(&template)
        XCTAssertGreaterThanOrEqual(file, 0, "mkstemp failed with errno \(errno)")
        unlink(template)
        let original = dup(STDERR_FILENO)
        XCTAssertEqual(dup2(file, STDERR_FILENO), STDERR_FILENO)
        return (file, original)
    }

    private func contents(of file: Int32) -> String {
        lseek(file, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = read(file, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(_ text: String) {
        _ = text.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }

    func testCapturedOutputIsReplayedAfterFinish() throws {
        let (file, original) = try redirectStandardErrorToFile()
        defer {
            dup2(original, STDERR_FILENO)
            close(original)
            close(file)
        }

        XCTAssertTrue(StandardErrorCapture.start())
        write("Fatal error: something\n")
        XCTAssertEqual(contents(of: file), "", "output reached standard error while captured")

        StandardErrorCapture.finish()
        write("after\n")

        XCTAssertEqual(contents(of: file), "Fatal error: something\nafter\n")
    }

    func testFinishWithoutStartDoesNothing() throws {
        let (file, original) = try redirectStandardErrorToFile()
        defer {
            dup2(original, STDERR_FILENO)
            close(original)
            close(file)
        }

        StandardErrorCapture.finish()
        StandardErrorCapture.finish()
        write("still here\n")

        XCTAssertEqual(contents(of: file), "still here\n")
    }

    func testLargeOutputIsReplayedWhole() throws {
        let (file, original) = try redirectStandardErrorToFile()
        defer {
            dup2(original, STDERR_FILENO)
            close(original)
            close(file)
        }
        let line = String(repeating: "x", count: 99) + "\n"

        StandardErrorCapture.start()
        for _ in 0..<200 {
            write(line)
        }
        StandardErrorCapture.finish()

        XCTAssertEqual(contents(of: file), String(repeating: line, count: 200))
    }
}
