import Foundation

/// Reads parts of the live dashboard out of a captured tmux screen.
enum DashboardScreen {
    /// The digits workload's parameter groups, in table order.
    static let digitsGroups = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]

    /// Returns the status line, which starts with the step counter, after the PAUSED
    /// badge when the display is paused.
    static func statusLine(_ screen: String) -> Substring? {
        screen.split(separator: "\n").first { line in
            line.hasPrefix("step ") || line.hasPrefix(" PAUSED  step ")
        }
    }

    /// Returns the step number on the status line, or nil before the first step record.
    static func step(_ screen: String) -> Int? {
        guard let line = statusLine(screen),
              let range = line.range(of: "step ")
        else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// Checks that every group of the digits workload has a row in the group table.
    static func showsGroupRows(_ screen: String) -> Bool {
        let lines = screen.split(separator: "\n")
        return digitsGroups.allSatisfy { name in
            lines.contains { line in
                line.dropFirst().hasPrefix("  \(name) ") || line.dropFirst().hasPrefix("> \(name) ")
            }
        }
    }

    /// Returns the lines inside the box whose top border carries `title`, without the
    /// borders, or nil when no such box is on the screen. Boxes are drawn with `┌`/`│` in a UTF-8
    /// locale and `+`/`|` in ASCII.
    static func boxBody(titled title: String, in screen: String) -> [Substring]? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let top = lines.firstIndex(where: { line in
            (line.hasPrefix("┌ ") || line.hasPrefix("+ ")) && line.dropFirst(2).hasPrefix(title + " ")
        }) else { return nil }

        return Array(lines[(top + 1)...].prefix { $0.hasPrefix("│") || $0.hasPrefix("|") })
    }

    /// Checks whether tmux's escaped capture (`capture-pane -e`) sets a foreground or
    /// background colour: SGR 30-38, 40-48, 90-97 or 100-107. The defaults 39 and 49
    /// do not count.
    static func containsColour(_ escapes: String) -> Bool {
        var rest = Substring(escapes)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            let parameters = rest.prefix { $0.isNumber || $0 == ";" }
            let end = rest.index(rest.startIndex, offsetBy: parameters.count)
            guard end < rest.endIndex, rest[end] == "m" else { continue }

            let codes = parameters.split(separator: ";").compactMap { Int($0) }
            let setsColour = codes.contains { code in
                (30...38).contains(code) || (40...48).contains(code) || (90...97).contains(code) || (100...107).contains(code)
            }
            if setsColour { return true }
        }
        return false
    }
}
