import Foundation

/// A shell command line that records the terminal state around one run of opop-top.
///
/// The script saves `stty -g` before and after the program and writes the program's
/// exit status last, so once `status` exists, the other files are complete.
struct RecordedRun {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opop-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Builds the `sh -c` script.
    ///
    /// - Parameters:
    ///   - environment: Assignments passed through `env`, for example `LC_ALL=C`.
    ///   - unsetting: Variables removed from the program's environment.
    ///   - captureStandardError: Sends the program's standard error to the file
    ///     `stderr` instead of the screen.
    ///   - redirectStandardOutput: Sends standard output to the file `stdout`, so the
    ///     program has no terminal there.
    ///   - workingDirectory: The directory the program starts in; nil keeps tmux's.
    func script(
        binary: String,
        arguments: [String],
        environment: [String] = [],
        unsetting: [String] = [],
        captureStandardError: Bool = false,
        redirectStandardOutput: Bool = false,
        workingDirectory: URL? = nil
    ) -> String {
        let path = { (name: String) in shellQuoted(directory.appendingPathComponent(name).path) }
        var program = ["env"] + unsetting.flatMap { ["-u", $0] } + environment.map(shellQuoted)
        program += [shellQuoted(binary)] + arguments.map(shellQuoted)
        if redirectStandardOutput { program.append(">\(path("stdout"))") }
        if captureStandardError { program.append("2>\(path("stderr"))") }

        var steps = [
            // Ctrl-C and Ctrl-\ signal the whole foreground process group, and a
            // non-interactive sh would die of them before recording anything. A trap
            // (unlike ignoring the signal, which the program would inherit) keeps the
            // shell alive.
            "trap : INT QUIT",
            "stty -g >\(path("before"))",
            program.joined(separator: " "),
            "status=$?",
            "stty -g >\(path("after"))",
            "echo \"$status\" >\(path("status.partial"))",
            "mv \(path("status.partial")) \(path("status"))",
            "echo \"opop-top exited with status $status\"",
            // Linux drops output still buffered in a pseudo-terminal once every process
            // on it has exited, so the shell stays until the test kills the session.
            "sleep 600",
        ]
        if let workingDirectory {
            steps.insert("cd \(shellQuoted(workingDirectory.path)) || exit 1", at: 0)
        }
        return "sh -c " + shellQuoted(steps.joined(separator: "; "))
    }

    /// Waits for the script to finish and returns the program's exit status.
    func waitForStatus(timeout: TimeInterval = 15) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? read("status"), let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError("timed out after \(timeout) s waiting for opop-top to exit")
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
