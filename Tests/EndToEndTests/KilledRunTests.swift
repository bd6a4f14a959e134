import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `opop-top run` killed with SIGKILL: the trace it leaves must hold only whole records,
/// except perhaps a torn last line.
final class KilledRunTests: XCTestCase {
    func testKilledRunLeavesDecodableTrace() throws {
        let binary = try BuiltBinary.path()
        let scratch = try RecordedRun()
        defer { scratch.remove() }
        let runDirectory = scratch.directory.appendingPathComponent("run").path

        let pid = try spawn(binary, ["run", "--plain", "--steps", "1000000", "--run-dir", runDirectory])
        // The trace writer writes at least every 0.5 seconds, so a second leaves records.
        Thread.sleep(forTimeInterval: 1.2)
        XCTAssertEqual(Glibc.kill(pid, SIGKILL), 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        XCTAssertEqual(status & 0x7F, SIGKILL, "opop-top should still have been running when killed")

        let bytes = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/trace.jsonl"))
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()
        XCTAssertGreaterThan(lines.count, 1, "the trace should hold a header and steps")

        var steps: [Int] = []
        for (index, line) in lines.enumerated() {
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            XCTAssertNotNil(object, "line \(index + 1) does not decode: \(String(decoding: line, as: UTF8.self).prefix(200))")
            if object?["type"] as? String == "step", let step = object?["step"] as? Int {
                steps.append(step)
            }
        }
        XCTAssertEqual(steps, Array(1...max(1, steps.count)), "steps should be complete and in order")
    }

    /// Starts `path` with standard input and output on /dev/null, without waiting.
    private func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }

        var pid = pid_t()
        let spawnError = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawnError == 0 else {
            throw HarnessError("could not start \(path): \(String(cString: strerror(spawnError)))")
        }
        return pid
    }
}
