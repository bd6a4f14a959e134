import Foundation

/// The machine and toolchain a run measured, printed above the table.
struct Machine: Sendable {
    var cpuModel: String
    var cores: Int
    var swiftVersion: String
    var date: String
    var buildConfiguration: String

    static func current() -> Machine {
        Machine(
            cpuModel: readCPUModel(), cores: ProcessInfo.processInfo.activeProcessorCount,
            swiftVersion: readSwiftVersion(), date: ISO8601DateFormatter().string(from: Date()),
            buildConfiguration: buildConfigurationName)
    }

    #if DEBUG
    static let buildConfigurationName = "debug (figures are only meaningful with -c release)"
    #else
    static let buildConfigurationName = "release"
    #endif

    /// Returns the first "model name" of /proc/cpuinfo, or "unknown" where there is none.
    private static func readCPUModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return "unknown"
        }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// Returns the first line of `swift --version` from PATH, or the compiler that built
    /// this program when no `swift` is on PATH.
    private static func readSwiftVersion() -> String {
        if let output = try? runAndCapture(["swift", "--version"]),
            let first = output.split(separator: "\n").first(where: { $0.contains("Swift version") })
        {
            return first.trimmingCharacters(in: .whitespaces)
        }
        #if compiler(>=6.3)
        return "built by a Swift 6.3 or later compiler (no swift on PATH)"
        #else
        return "built by a Swift compiler before 6.3 (no swift on PATH)"
        #endif
    }
}
