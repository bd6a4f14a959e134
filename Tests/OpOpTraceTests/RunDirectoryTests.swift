import Foundation
import OpOpTrace
import XCTest

final class RunDirectoryTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var runsRoot: String!
    /// 2025-01-14 09:30:12 UTC.
    private let start = Date(timeIntervalSince1970: 1_736_847_012)
    private let utc = TimeZone(identifier: "UTC")!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        runsRoot = directory.file("runs")
    }

    override func tearDown() {
        directory.remove()
    }

    func testDefaultName() {
        XCTAssertEqual(RunDirectory.defaultName(workload: "digits", now: start, timeZone: utc), "20250114-093012-digits")
        XCTAssertEqual(
            RunDirectory.defaultName(workload: "digits", now: start, timeZone: TimeZone(secondsFromGMT: -10 * 3600)!),
            "20250113-233012-digits"
        )
    }

    func testDefaultNameSanitizesWorkload() {
        let cases: [(workload: String, suffix: String)] = [
            ("two_spirals-v2.1", "two_spirals-v2.1"),
            ("a/b c", "a-b-c"),
            ("../up", "..-up"),
            ("..", "run"),
            ("", "run"),
            ("über", "-ber"),
        ]

        for testCase in cases {
            XCTAssertEqual(
                RunDirectory.defaultName(workload: testCase.workload, now: start, timeZone: utc),
                "20250114-093012-" + testCase.suffix,
                testCase.workload
            )
        }
    }

    func testDefaultDirectoryCreatedWithSnapshots() throws {
        let run = try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot, timeZone: utc)

        XCTAssertEqual(run.path, runsRoot + "/20250114-093012-digits")
        XCTAssertEqual(run.tracePath, runsRoot + "/20250114-093012-digits/trace.jsonl")
        XCTAssertEqual(run.snapshotsPath, runsRoot + "/20250114-093012-digits/snapshots")
        XCTAssertTrue(isDirectory(run.snapshotsPath))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.path), ["snapshots"], "the probe file should be gone")
    }

    func testCollisionAddsSuffix() throws {
        let first = try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot, timeZone: utc)
        let second = try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot, timeZone: utc)
        let third = try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot, timeZone: utc)

        XCTAssertEqual(first.path, runsRoot + "/20250114-093012-digits")
        XCTAssertEqual(second.path, runsRoot + "/20250114-093012-digits-2")
        XCTAssertEqual(third.path, runsRoot + "/20250114-093012-digits-3")
        XCTAssertTrue(isDirectory(third.snapshotsPath))
    }

    func testCollisionWithFileAddsSuffix() throws {
        try FileManager.default.createDirectory(atPath: runsRoot, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: runsRoot + "/20250114-093012-digits", contents: Data()))

        let run = try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot, timeZone: utc)

        XCTAssertEqual(run.path, runsRoot + "/20250114-093012-digits-2")
    }

    func testGivenPathCreatedWithParents() throws {
        let path = directory.file("a/b/my-run")

        let run = try RunDirectory.create(path: path, workload: "digits", now: start)

        XCTAssertEqual(run.path, path)
        XCTAssertTrue(isDirectory(path + "/snapshots"))
    }

    func testGivenExistingEmptyDirectoryUsed() throws {
        let path = directory.file("existing")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)

        XCTAssertEqual(try RunDirectory.create(path: path, workload: "digits", now: start).path, path)
        XCTAssertNoThrow(try RunDirectory.create(path: path, workload: "digits", now: start), "snapshots/ may exist already")
    }

    func testUnusablePathsReported() throws {
        let file = directory.file("plain-file")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let used = directory.file("used-run")
        try FileManager.default.createDirectory(atPath: used, withIntermediateDirectories: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: used + "/trace.jsonl", contents: Data()))

        let cases: [(name: String, path: String, error: RunDirectoryError, message: String)] = [
            ("existing file", file, .notADirectory(path: file),
             "run directory '\(file)' exists and is not a directory; choose another --run-dir"),
            ("under a file", file + "/run", .creationFailed(path: file + "/run", reason: "'\(file)' exists and is not a directory"),
             "cannot create run directory '\(file)/run': '\(file)' exists and is not a directory; choose another --run-dir"),
            ("deeper under a file", file + "/a/b", .creationFailed(path: file + "/a/b", reason: "'\(file)' exists and is not a directory"),
             "cannot create run directory '\(file)/a/b': '\(file)' exists and is not a directory; choose another --run-dir"),
            ("empty path", "", .creationFailed(path: "", reason: "the path is empty"),
             "cannot create run directory '': the path is empty; choose another --run-dir"),
            ("earlier trace", used, .containsTrace(path: used),
             "run directory '\(used)' already contains a trace from an earlier run; choose another --run-dir or remove the old one"),
        ]

        for testCase in cases {
            XCTAssertThrowsError(try RunDirectory.create(path: testCase.path, workload: "digits", now: start), testCase.name) { error in
                XCTAssertEqual(error as? RunDirectoryError, testCase.error, testCase.name)
                XCTAssertEqual((error as? RunDirectoryError)?.description, testCase.message, testCase.name)
            }
        }
    }

    func testRunsRootThatIsAFileReported() {
        XCTAssertTrue(FileManager.default.createFile(atPath: runsRoot, contents: Data()))

        XCTAssertThrowsError(try RunDirectory.create(path: nil, workload: "digits", now: start, runsRoot: runsRoot)) { error in
            XCTAssertEqual(error as? RunDirectoryError, .notADirectory(path: runsRoot))
        }
    }

    func testSnapshotsPathThatIsAFileReported() throws {
        let path = directory.file("run")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: path + "/snapshots", contents: Data()))

        XCTAssertThrowsError(try RunDirectory.create(path: path, workload: "digits", now: start)) { error in
            XCTAssertEqual(error as? RunDirectoryError, .notADirectory(path: path + "/snapshots"))
        }
    }

    func testReadOnlyMountReported() throws {
        // Root ignores permission bits, but not a read-only file system such as /proc.
        guard isDirectory("/proc/self") else {
            throw XCTSkip("/proc is not mounted")
        }

        XCTAssertThrowsError(try RunDirectory.create(path: "/proc/self/opop-run", workload: "digits", now: start)) { error in
            guard case .creationFailed(let path, _)? = error as? RunDirectoryError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(path, "/proc/self/opop-run")
        }
    }

    func testSnapshotPaths() {
        let run = RunDirectory(existingPath: "runs/x")

        XCTAssertEqual(run.snapshotPath(step: 120), "runs/x/snapshots/step-000120.npz")
        XCTAssertEqual(run.snapshotPath(step: 0), "runs/x/snapshots/step-000000.npz")
        XCTAssertEqual(run.snapshotPath(step: 999_999), "runs/x/snapshots/step-999999.npz")
        XCTAssertEqual(run.snapshotPath(step: 1_234_567), "runs/x/snapshots/step-1234567.npz")
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
