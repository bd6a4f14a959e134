import Foundation
import XCTest

/// Runs short Python scripts that use NumPy, to check files as NumPy users will open them.
enum PythonNumPy {
    struct Failure: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "python3 exited with status \(status): \(output)" }
    }

    private static let isAvailable: Bool = (try? run("import numpy")) != nil

    /// Throws `XCTSkip` when `python3` or NumPy is not installed.
    static func require() throws {
        guard isAvailable else {
            throw XCTSkip("python3 with NumPy is not installed")
        }
    }

    /// Runs `script` with `arguments` as `sys.argv[1:]` and returns its standard output,
    /// or throws `Failure` with both output streams when it exits with a non-zero status.
    @discardableResult
    static func run(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments

        // Both streams share one pipe, read to its end before waiting, so a chatty
        // script cannot block on a full pipe.
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus, output: text)
        }
        return text
    }
}
