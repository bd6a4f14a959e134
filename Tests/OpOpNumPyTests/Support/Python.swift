import Foundation
import XCTest

/// Runs Python scripts that use NumPy, for interoperability tests.
///
/// Tests call `Python.requireNumPy()` first, which throws `XCTSkip` when `python3` or
/// NumPy is missing; every other failure is a test failure.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "python3 exited with status \(status):\n\(output)" }
    }

    private static let numPyAvailable: Bool = {
        (try? run("import numpy")) != nil
    }()

    static func requireNumPy() throws {
        guard numPyAvailable else {
            throw XCTSkip("python3 with NumPy is not installed")
        }
    }

    /// Runs `script` with `arguments` as `sys.argv[1...]` and returns its standard output.
    /// Throws `Failure` with the combined output when the script exits non-zero.
    @discardableResult
    static func run(_ script: String, _ arguments: String...) throws -> String {
        try run(script, arguments)
    }

    @discardableResult
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments

        // Standard error goes to a file so that neither stream can fill a pipe and block.
        let errorPath = FileManager.default.temporaryDirectory.path + "/opop-numpy-python-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else {
            throw Failure(status: -1, output: "cannot create '\(errorPath)' for the script's standard error")
        }
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer { try? errorHandle.close() }

        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()

        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrData = FileManager.default.contents(atPath: errorPath) ?? Data()

        let text = String(decoding: outputData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus, output: text + String(decoding: stderrData, as: UTF8.self))
        }
        return text
    }
}
