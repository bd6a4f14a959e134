import Foundation

/// Reads the status line of a watched run (`attach` or `run -- COMMAND`), which starts
/// with the run state badge, such as ` LIVE  step 497  164 steps/s ...`.
extension DashboardScreen {
    /// The run state badges, as the status line starts with them.
    static let runBadges = [" LIVE ", " ENDED ", " STALE "]

    /// Returns the status line of a watched run, or nil when none is on the screen.
    static func runStatusLine(_ screen: String) -> Substring? {
        screen.split(separator: "\n").first { line in
            runBadges.contains { line.hasPrefix($0) }
        }
    }

    /// Returns the badge word on the status line: LIVE, ENDED or STALE.
    static func runBadge(_ screen: String) -> String? {
        runStatusLine(screen).flatMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Returns the step number on the status line of a watched run, or nil before the
    /// first step record.
    static func runStep(_ screen: String) -> Int? {
        guard let line = runStatusLine(screen), let range = line.range(of: "  step ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// Returns the loss on the status line of a watched run, as written there.
    static func runLoss(_ screen: String) -> String? {
        guard let line = runStatusLine(screen), let range = line.range(of: "  loss ") else { return nil }
        return String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// Checks whether the status line of a watched run shows the brain state `state`,
    /// such as FROZEN or LEARNING.
    static func runShowsBrainState(_ state: String, in screen: String) -> Bool {
        runStatusLine(screen)?.contains("  \(state) ") == true
    }
}
