import Foundation

/// Turns one line of an opop text log into an `OpopLogLine`, working on Swift `String`s.
///
/// This is the reference implementation that `OpopLogParser` matches byte for byte.
/// `OpopLogParser` hands it the lines that hold non-ASCII text, because there `String`
/// compares whole characters, which a byte compare would not reproduce.
///
/// The forms are those opop 0.3.0's trainers print and its own terminal viewer reads.
/// Like that viewer, the parser finds a form anywhere in the line, so a prefix such as
/// a timestamp does not hide it. Fields it does not know are skipped, so a trainer that
/// adds a field still reads.
enum OpopLogStringParser {
    /// Parses the bytes of one line, without its line feed.
    ///
    /// A carriage return ends the line there (CRLF), and earlier carriage returns mark
    /// progress output that was overwritten in place, so only the text after the last
    /// one counts. ANSI colour sequences are removed.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> OpopLogLine {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "\r") {
            start -= 1
        }

        guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
            return .unreadable(reason: "the line is not UTF-8 text")
        }
        return parse(text: text)
    }

    /// Parses a line that is already text, after the carriage-return handling above.
    static func parse(text raw: String) -> OpopLogLine {
        let text: String
        switch OpopLogText.clean(raw) {
        case .success(let cleaned):
            text = cleaned
        case .failure(let problem):
            return .unreadable(reason: problem.reason)
        }

        if let range = text.range(of: "[eval]") {
            return parseEvaluation(text[range.upperBound...])
        }
        if let range = text.range(of: "[ckpt]") {
            return parseCheckpoint(text[range.upperBound...])
        }
        if let range = text.range(of: "[ctrl]") {
            return parseControl(text[range.upperBound...])
        }
        if let (step, total, rest) = findStepCounter(in: text) {
            return parseProgress(step: step, totalSteps: total, fields: rest)
        }
        return .other
    }

    // MARK: - Progress

    /// Finds the first `[STEP/TOTAL]` and returns both numbers and the text after it.
    private static func findStepCounter(in text: String) -> (Int, Int, Substring)? {
        var searchStart = text.startIndex

        while let open = text[searchStart...].firstIndex(of: "[") {
            searchStart = text.index(after: open)
            guard let close = text[searchStart...].firstIndex(of: "]") else {
                return nil
            }
            let inside = text[searchStart..<close]
            let parts = inside.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let step = OpopLogNumber.parseCount(parts[0]),
                  let total = OpopLogNumber.parseCount(parts[1])
            else {
                continue
            }
            return (step, total, text[text.index(after: close)...])
        }
        return nil
    }

    private static func parseProgress(step: Int, totalSteps: Int, fields: Substring) -> OpopLogLine {
        var progress = OpopProgress(step: step, totalSteps: totalSteps, loss: .nan, reward: nil, groups: [])
        var foundLoss = false
        var section = "main"
        var sectionFollows = false

        for rawToken in fields.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if rawToken == "|" {
                sectionFollows = true
                continue
            }
            if sectionFollows {
                sectionFollows = false
                if rawToken.hasSuffix(":") {
                    section = String(rawToken.dropLast())
                    continue
                }
                section = "unnamed"
            }

            guard let (key, value) = keyValue(stripParentheses(rawToken)) else {
                continue
            }

            switch (section, key) {
            case ("main", "loss"):
                guard !foundLoss else { continue }
                guard let loss = OpopLogNumber.parse(value) else {
                    return .unreadable(reason: "invalid loss '\(value)' in a progress line")
                }
                progress.loss = loss
                foundLoss = true

            case ("brain", "r"):
                guard let reward = OpopLogNumber.parse(value) else {
                    return .unreadable(reason: "invalid reward 'r=\(value)' in a progress line")
                }
                progress.reward = reward

            case ("brain", _) where value.contains("/"):
                guard let decision = parseDecision(group: key, value) else {
                    return .unreadable(reason: "invalid brain decision '\(key)=\(value)' in a progress line: "
                        + "expected SCALEx/URGENCYu, such as 0.34x/2.7u")
                }
                if !progress.groups.contains(where: { $0.group == decision.group }) {
                    progress.groups.append(decision)
                }

            default:
                continue
            }
        }

        guard foundLoss else {
            return .unreadable(reason: "progress line [\(step)/\(totalSteps)] has no 'loss=' field")
        }
        return .progress(progress)
    }

    /// Reads `SCALEx/URGENCYu`, such as `0.34x/2.7u`.
    private static func parseDecision(group: Substring, _ value: Substring) -> OpopGroupDecision? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts[0].hasSuffix("x"), parts[1].hasSuffix("u"),
              let scale = OpopLogNumber.parse(parts[0].dropLast()),
              let urgency = OpopLogNumber.parse(parts[1].dropLast())
        else {
            return nil
        }
        return OpopGroupDecision(group: groupName(group), scale: scale, urgency: urgency)
    }

    /// Maps the short group names opop prints to the names of the parameter groups.
    static func groupName(_ short: Substring) -> String {
        switch short {
        case "p": return "proj"
        case "m": return "mlp"
        default: return String(short)
        }
    }

    // MARK: - Evaluation, checkpoint, control

    private static func parseEvaluation(_ fields: Substring) -> OpopLogLine {
        var metrics: [Metric] = []

        for rawToken in fields.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let (key, value) = keyValue(stripParentheses(rawToken)) else {
                continue
            }
            let isPercent = value.hasSuffix("%")
            guard let number = OpopLogNumber.parse(isPercent ? value.dropLast() : value) else {
                return .unreadable(reason: "invalid value '\(key)=\(value)' in an [eval] line")
            }
            metrics.append(Metric(name: String(key), value: isPercent ? number / 100 : number))
        }

        guard !metrics.isEmpty else {
            return .unreadable(reason: "[eval] line without any 'name=value' metric, such as top1=9.3%")
        }
        return .evaluation(metrics)
    }

    private static func parseCheckpoint(_ fields: Substring) -> OpopLogLine {
        let text = fields.trimmingSpaces()
        guard text.hasPrefix("Saved") else {
            return .other
        }

        var path = text.dropFirst("Saved".count).trimmingSpaces()
        // A size such as "(2988.3 MB)" follows the path.
        if path.hasSuffix(" MB)"), let open = path.lastIndex(of: "(") {
            let size = path[path.index(after: open)...].dropLast(" MB)".count)
            if OpopLogNumber.parse(size) != nil {
                path = path[..<open].trimmingSpaces()
            }
        }
        guard !path.isEmpty else {
            return .unreadable(reason: "[ckpt] Saved line without a file path")
        }
        return .checkpoint(path: String(path))
    }

    private static func parseControl(_ fields: Substring) -> OpopLogLine {
        let text = fields.trimmingSpaces()
        guard !text.isEmpty else {
            return .unreadable(reason: "[ctrl] line without text")
        }

        var change = OpopControlChange(text: String(text))
        if let colon = text.range(of: ": "), let arrow = text.range(of: " -> ", range: colon.upperBound..<text.endIndex) {
            let setting = text[..<colon.lowerBound].trimmingSpaces()
            let oldValue = text[colon.upperBound..<arrow.lowerBound].trimmingSpaces()
            let newValue = text[arrow.upperBound...].trimmingSpaces()
            if !setting.isEmpty, !oldValue.isEmpty, !newValue.isEmpty {
                change.setting = String(setting)
                change.oldValue = String(oldValue)
                change.newValue = String(newValue)
            }
        }
        return .control(change)
    }

    // MARK: - Tokens

    private static func keyValue(_ token: Substring) -> (Substring, Substring)? {
        guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
            return nil
        }
        return (token[..<equals], token[token.index(after: equals)...])
    }

    private static func stripParentheses(_ token: Substring) -> Substring {
        var result = token
        if result.hasPrefix("(") { result = result.dropFirst() }
        if result.hasSuffix(")") { result = result.dropLast() }
        return result
    }
}

extension StringProtocol where SubSequence == Substring {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
