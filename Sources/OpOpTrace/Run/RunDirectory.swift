#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The directory a run writes into: its trace and its brain snapshots.
///
/// ```
/// runs/20250114-093012-digits/
///     trace.jsonl
///     snapshots/
///         step-000120.npz
/// ```
public struct RunDirectory: Sendable, Equatable {
    /// The directory, as given or as built from the runs root; relative paths stay relative.
    public let path: String

    public var tracePath: String {
        path + "/trace.jsonl"
    }

    public var snapshotsPath: String {
        path + "/snapshots"
    }

    /// Returns the snapshot file for `step`, such as `snapshots/step-000120.npz`. The
    /// step is zero-padded to six digits so that names sort by step up to 999,999.
    public func snapshotPath(step: Int) -> String {
        let digits = String(step.magnitude)
        let padding = String(repeating: "0", count: max(0, 6 - digits.count))
        let sign = step < 0 ? "-" : ""
        return snapshotsPath + "/step-" + sign + padding + digits + ".npz"
    }

    /// Opens `path` as a run directory without creating or checking anything.
    public init(existingPath path: String) {
        self.path = path
    }

    /// The maximum suffix tried before giving up on a default name.
    static let maxSuffix = 1000

    /// Creates the run directory and its `snapshots/` folder, then proves it is writable
    /// by creating and removing a probe file, so a bad path fails before training starts.
    ///
    /// - Parameters:
    ///   - path: The directory to use, from `--run-dir`. Missing parents are created. An
    ///     existing directory is used unless it already contains a `trace.jsonl`. When nil,
    ///     the directory is `<runsRoot>/<yyyyMMdd-HHmmss>-<workload>`, with `-2`, `-3`, …
    ///     appended when that name is taken.
    ///   - workload: The workload name for the default directory name; characters other
    ///     than letters, digits, `.`, `_` and `-` become `-`.
    ///   - now: The start time for the default name.
    ///   - runsRoot: The parent of default directories.
    ///   - timeZone: The time zone of the timestamp in the default name.
    public static func create(
        path: String?,
        workload: String,
        now: Date,
        runsRoot: String = "runs",
        timeZone: TimeZone = .current
    ) throws(RunDirectoryError) -> RunDirectory {
        let directory: String
        if let path {
            directory = try prepareGivenDirectory(path)
        } else {
            // An empty root means the working directory, not the file system root.
            let root = runsRoot.isEmpty ? "." : runsRoot
            let base = root + "/" + defaultName(workload: workload, now: now, timeZone: timeZone)
            try createDirectories(root)
            directory = try createFreshDirectory(base: base)
        }

        let run = RunDirectory(existingPath: directory)
        try createDirectory(run.snapshotsPath, allowExisting: true)
        try probeWritable(directory)
        return run
    }

    /// Opens `path` for a trainer that appends to its trace, creating the directory and
    /// its missing parents when needed. Unlike `create`, it accepts a directory that
    /// already contains a `trace.jsonl`: a restarted trainer writes a new header after the
    /// old records. Like `create`, it creates `snapshots/` and proves the directory writable.
    public static func openForAppending(path: String) throws(RunDirectoryError) -> RunDirectory {
        let directory = try prepareGivenDirectory(path, allowsTrace: true)
        let run = RunDirectory(existingPath: directory)
        try createDirectory(run.snapshotsPath, allowExisting: true)
        try probeWritable(directory)
        return run
    }

    /// True when the directory contains a `trace.jsonl`, such as one an earlier trainer wrote.
    public var containsTrace: Bool {
        if case .success = POSIX.status(path: tracePath) {
            return true
        }
        return false
    }

    /// Returns the default directory name, `yyyyMMdd-HHmmss-<workload>`.
    public static func defaultName(workload: String, now: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)

        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stamp = padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2)
            + "-" + padded(parts.hour, 2) + padded(parts.minute, 2) + padded(parts.second, 2)
        return stamp + "-" + sanitizedName(workload)
    }

    /// Reduces the workload name to characters that are safe in a file name.
    static func sanitizedName(_ workload: String) -> String {
        let safe = workload.unicodeScalars.map { scalar -> Character in
            let isSafe = (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || scalar == "." || scalar == "_" || scalar == "-"
            return isSafe ? Character(scalar) : "-"
        }
        let name = String(safe)
        // A name of dots alone would point at the runs root or its parent.
        return name.isEmpty || name.allSatisfy({ $0 == "." }) ? "run" : name
    }

    private static func prepareGivenDirectory(_ path: String, allowsTrace: Bool = false) throws(RunDirectoryError) -> String {
        // An empty path would put `snapshots/` at the file system root.
        guard !path.isEmpty else {
            throw RunDirectoryError.creationFailed(path: path, reason: "the path is empty")
        }

        switch POSIX.status(path: path) {
        case .success(let status):
            guard status.isDirectory else {
                throw RunDirectoryError.notADirectory(path: path)
            }
            if !allowsTrace, case .success = POSIX.status(path: path + "/trace.jsonl") {
                throw RunDirectoryError.containsTrace(path: path)
            }
        case .failure:
            try createDirectories(path)
        }
        return path
    }

    /// Creates `base`, or `base-2`, `base-3`, … when taken. `mkdir` itself decides which
    /// name is free, so two runs starting in the same second cannot share a directory.
    static func createFreshDirectory(base: String) throws(RunDirectoryError) -> String {
        var candidate = base
        for suffix in 2...(maxSuffix + 1) {
            if mkdir(candidate, 0o755) == 0 {
                return candidate
            }
            let code = errno
            guard code == EEXIST else {
                throw RunDirectoryError.creationFailed(path: candidate, reason: POSIX.describe(errno: code))
            }
            if suffix <= maxSuffix {
                candidate = base + "-\(suffix)"
            }
        }
        throw RunDirectoryError.noFreeName(base: base, lastTried: candidate)
    }

    /// Creates `path` and its missing parents, like `mkdir -p`.
    static func createDirectories(_ path: String) throws(RunDirectoryError) {
        let components = path.split(separator: "/")
        var prefix = path.hasPrefix("/") ? "/" : ""

        for (index, component) in components.enumerated() {
            prefix += component
            if index == components.count - 1 {
                try createDirectory(path, allowExisting: true)
            } else {
                try createDirectory(prefix, allowExisting: true, reportAs: path)
            }
            prefix += "/"
        }
    }

    /// Creates one directory. With `reportAs`, `path` is a parent of that directory, and
    /// errors name the directory that was requested.
    private static func createDirectory(_ path: String, allowExisting: Bool, reportAs requested: String? = nil) throws(RunDirectoryError) {
        guard mkdir(path, 0o755) != 0 else {
            return
        }
        let code = errno

        if code == EEXIST && allowExisting {
            guard case .success(let status) = POSIX.status(path: path), status.isDirectory else {
                guard let requested else {
                    throw RunDirectoryError.notADirectory(path: path)
                }
                throw RunDirectoryError.creationFailed(path: requested, reason: "'\(path)' exists and is not a directory")
            }
            return
        }
        if code == ENOTDIR {
            throw RunDirectoryError.creationFailed(path: requested ?? path, reason: "a parent of it is a file, not a directory")
        }
        throw RunDirectoryError.creationFailed(path: requested ?? path, reason: POSIX.describe(errno: code))
    }

    /// Creates, writes and removes a probe file. Permission bits are not enough to
    /// check: root ignores them, but not a read-only mount or a full disk.
    private static func probeWritable(_ directory: String) throws(RunDirectoryError) {
        let probe = directory + "/.write-probe-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunDirectoryError.notWritable(path: directory, reason: POSIX.describe(errno: errno))
        }

        var byte = UInt8(ascii: "\n")
        let written = withUnsafeBytes(of: &byte) { POSIX.writeAll(descriptor: descriptor, $0) }
        let closed = POSIX.closeDescriptor(descriptor)
        let removed = unlink(probe) == 0 ? nil : errno

        if case .failure(let error) = written {
            throw RunDirectoryError.notWritable(path: directory, reason: error.text)
        }
        if case .failure(let error) = closed {
            throw RunDirectoryError.notWritable(path: directory, reason: error.text)
        }
        if let removed {
            throw RunDirectoryError.notWritable(
                path: directory, reason: "cannot remove the probe file '\(probe)': \(POSIX.describe(errno: removed))"
            )
        }
    }
}
