import Foundation

/// Readings of a process from /proc.
enum ProcessStatus {
    /// Returns VmHWM, the peak resident memory, of process `pid` (default: this one) in bytes.
    static func peakResidentBytes(pid: String = "self") -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return nil
        }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Double(fields[1]) {
                return kilobytes * 1024
            }
        }
        return nil
    }

    /// Returns the user plus system CPU time of process `pid` in seconds, from fields 14
    /// and 15 of /proc/PID/stat, or nil when the process is gone.
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let closing = text.lastIndex(of: ")")
        else {
            return nil
        }
        // Fields after the command name, which may contain spaces, start at field 3 (state).
        let fields = text[text.index(after: closing)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            return nil
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Returns the free bytes of the file system that contains `path`.
    static func freeBytes(at path: String) -> Double? {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else {
            return nil
        }
        return Double(status.f_bavail) * Double(status.f_frsize)
    }
}
