import Foundation

/// Captures what the process writes to standard output and standard error while a
/// closure runs, by pointing descriptors 1 and 2 at temporary files.
///
/// The app writes with `FileHandle`, straight to the descriptors, so nothing sits in a
/// C stdio buffer when the descriptors are put back.
enum DescriptorCapture {
    struct Captured {
        var standardOutput: String
        var standardError: String
    }

    static func run<Result>(_ body: () throws -> Result) throws -> (result: Result, output: Captured) {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let outputFile = try redirect(STDOUT_FILENO, to: scratch.file("stdout"))
        defer { restore(outputFile) }
        let errorFile = try redirect(STDERR_FILENO, to: scratch.file("stderr"))
        defer { restore(errorFile) }

        let result = try body()

        restore(errorFile)
        restore(outputFile)
        let captured = Captured(
            standardOutput: try String(contentsOfFile: scratch.file("stdout"), encoding: .utf8),
            standardError: try String(contentsOfFile: scratch.file("stderr"), encoding: .utf8)
        )
        return (result, captured)
    }

    /// A descriptor pointed at a file, with a duplicate of what it pointed at before.
    private final class Redirection {
        let descriptor: Int32
        var saved: Int32

        init(descriptor: Int32, saved: Int32) {
            self.descriptor = descriptor
            self.saved = saved
        }
    }

    private static func redirect(_ descriptor: Int32, to path: String) throws -> Redirection {
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else {
            throw SetupError("creating '\(path)' to capture descriptor \(descriptor) failed with errno \(errno)")
        }
        defer { close(file) }

        let saved = dup(descriptor)
        guard saved >= 0, dup2(file, descriptor) >= 0 else {
            let code = errno
            if saved >= 0 { close(saved) }
            throw SetupError("redirecting descriptor \(descriptor) to '\(path)' failed with errno \(code)")
        }
        return Redirection(descriptor: descriptor, saved: saved)
    }

    /// Points the descriptor back at its original target. Later calls do nothing.
    private static func restore(_ redirection: Redirection) {
        guard redirection.saved >= 0 else { return }
        dup2(redirection.saved, redirection.descriptor)
        close(redirection.saved)
        redirection.saved = -1
    }
}
