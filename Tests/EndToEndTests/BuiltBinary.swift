import Foundation
import XCTest

/// Finds the `opop-top` executable that SwiftPM built next to this test bundle.
enum BuiltBinary {
    /// Returns the path of `opop-top` in the build directory of the running test
    /// bundle, for example `.build/x86_64-unknown-linux-gnu/debug/opop-top`.
    static func path() throws -> String {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = testExecutable.deletingLastPathComponent().appendingPathComponent("opop-top").path

        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw HarnessError("opop-top was not found at \(candidate); build it with 'swift build --product opop-top' before running EndToEndTests")
        }
        return candidate
    }
}

/// The checkout these tests were compiled from.
enum Checkout {
    /// The repository root, three folders above this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// A failure of the test harness itself, with what to check.
struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Quotes `text` for a POSIX shell command line.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
