/// Reads the record forms from the bytes of a line that holds only ASCII text without
/// control characters other than tab. `OpopLogParser` prepares such lines.
enum OpopLogFormParser {
    static func parse(_ line: OpopLogBytes) -> OpopLogLine {
        // An [eval] anywhere wins over a [ckpt], which wins over a [ctrl], which wins
        // over a step counter, so find the first of each before deciding.
        var evaluationStart: Int?
        var checkpointStart: Int?
        var controlStart: Int?
        var index = line.startIndex
        while index < line.endIndex {
            if line.base[index] == UInt8(ascii: "["), evaluationStart == nil {
                let rest = line.base[index..<line.endIndex]
                if checkpointStart == nil, rest.hasPrefix("[ckpt]") {
                    checkpointStart = index + 6
                } else if controlStart == nil, rest.hasPrefix("[ctrl]") {
                    controlStart = index + 6
                } else if rest.hasPrefix("[eval]") {
                    evaluationStart = index + 6
                }
            }
            index += 1
        }

        if let evaluationStart {
            return parseEvaluation(line.base[evaluationStart..<line.endIndex])
        }
        if let checkpointStart {
            return parseCheckpoint(line.base[checkpointStart..<line.endIndex])
        }
        if let controlStart {
            return parseControl(line.base[controlStart..<line.endIndex])
        }
        if let (step, total, rest) = findStepCounter(in: line) {
            return parseProgress(step: step, totalSteps: total, fields: rest)
        }
        return .other
    }

    // MARK: - Progress

    /// Finds the first `[STEP/TOTAL]` and returns both numbers and the bytes after it.
    private static func findStepCounter(in line: OpopLogBytes) -> (Int, Int, OpopLogBytes)? {
        var searchStart = line.startIndex

        while let open = line.base[searchStart..<line.endIndex].firstIndex(of: UInt8(ascii: "[")) {
            searchStart = open + 1
            let afterOpen = line.base[searchStart..<line.endIndex]
            guard let close = afterOpen.firstIndex(of: UInt8(ascii: "]")) else {
                return nil
            }
            let inside = line.base[searchStart..<close]
            guard let slash = inside.firstIndex(of: UInt8(ascii: "/")),
                  let step = OpopLogNumber.parseCount(bytes: line.base[searchStart..<slash]),
                  let total = OpopLogNumber.parseCount(bytes: line.base[(slash + 1)..<close])
            else {
                continue
            }
            return (step, total, line.base[(close + 1)..<line.endIndex])
        }
        return nil
    }

    private enum Section {
        case main, brain, other

        init(name: OpopLogBytes) {
            if name.equals("main") {
                self = .main
            } else if name.equals("brain") {
                self = .brain
            } else {
                self = .other
            }
        }
    }

    private static func parseProgress(step: Int, totalSteps: Int, fields: OpopLogBytes) -> OpopLogLine {
        var progress = OpopProgress(step: step, totalSteps: totalSteps, loss: .nan, reward: nil, groups: [])
        var foundLoss = false
        var section = Section.main
        var sectionFollows = false
        var failure: String?

        fields.forEachToken { rawToken in
            if rawToken.equals("|") {
                sectionFollows = true
                return true
            }
            if sectionFollows {
                sectionFollows = false
                if rawToken.hasSuffix(UInt8(ascii: ":")) {
                    section = Section(name: rawToken.dropLast())
                    return true
                }
                section = .other
            }

            guard let (key, value) = rawToken.strippingParentheses().splitKeyValue() else {
                return true
            }

            switch section {
            case .main where key.equals("loss"):
                guard !foundLoss else { return true }
                guard let loss = OpopLogNumber.parse(bytes: value) else {
                    failure = "invalid loss '\(value.text)' in a progress line"
                    return false
                }
                progress.loss = loss
                foundLoss = true

            case .brain where key.equals("r"):
                guard let reward = OpopLogNumber.parse(bytes: value) else {
                    failure = "invalid reward 'r=\(value.text)' in a progress line"
                    return false
                }
                progress.reward = reward

            case .brain where value.contains(UInt8(ascii: "/")):
                guard let decision = parseDecision(group: key, value) else {
                    failure = "invalid brain decision '\(key.text)=\(value.text)' in a progress line: "
                        + "expected SCALEx/URGENCYu, such as 0.34x/2.7u"
                    return false
                }
                if !progress.groups.contains(where: { $0.group == decision.group }) {
                    progress.groups.append(decision)
                }

            default:
                break
            }
            return true
        }

        if let failure {
            return .unreadable(reason: failure)
        }
        guard foundLoss else {
            return .unreadable(reason: "progress line [\(step)/\(totalSteps)] has no 'loss=' field")
        }
        return .progress(progress)
    }

    /// Reads `SCALEx/URGENCYu`, such as `0.34x/2.7u`.
    private static func parseDecision(group: OpopLogBytes, _ value: OpopLogBytes) -> OpopGroupDecision? {
        guard let slash = value.firstIndex(of: UInt8(ascii: "/")) else {
            return nil
        }
        let scaleText = value.base[value.startIndex..<slash]
        let urgencyText = value.base[(slash + 1)..<value.endIndex]
        guard !urgencyText.contains(UInt8(ascii: "/")),
              scaleText.hasSuffix(UInt8(ascii: "x")), urgencyText.hasSuffix(UInt8(ascii: "u")),
              let scale = OpopLogNumber.parse(bytes: scaleText.dropLast()),
              let urgency = OpopLogNumber.parse(bytes: urgencyText.dropLast())
        else {
            return nil
        }
        return OpopGroupDecision(group: groupName(group), scale: scale, urgency: urgency)
    }

    /// Maps the short group names opop prints to the names of the parameter groups.
    private static func groupName(_ short: OpopLogBytes) -> String {
        if short.equals("p") {
            return "proj"
        }
        if short.equals("m") {
            return "mlp"
        }
        return short.text
    }

    // MARK: - Evaluation, checkpoint, control

    private static func parseEvaluation(_ fields: OpopLogBytes) -> OpopLogLine {
        var metrics: [Metric] = []
        var failure: String?

        fields.forEachToken { rawToken in
            guard let (key, value) = rawToken.strippingParentheses().splitKeyValue() else {
                return true
            }
            let isPercent = value.hasSuffix(UInt8(ascii: "%"))
            guard let number = OpopLogNumber.parse(bytes: isPercent ? value.dropLast() : value) else {
                failure = "invalid value '\(key.text)=\(value.text)' in an [eval] line"
                return false
            }
            metrics.append(Metric(name: key.text, value: isPercent ? number / 100 : number))
            return true
        }

        if let failure {
            return .unreadable(reason: failure)
        }
        guard !metrics.isEmpty else {
            return .unreadable(reason: "[eval] line without any 'name=value' metric, such as top1=9.3%")
        }
        return .evaluation(metrics)
    }

    private static func parseCheckpoint(_ fields: OpopLogBytes) -> OpopLogLine {
        let text = fields.trimmingSpaces()
        guard text.hasPrefix("Saved") else {
            return .other
        }

        var path = text.dropFirst(5).trimmingSpaces()
        // A size such as "(2988.3 MB)" follows the path.
        if path.hasSuffix(" MB)"), let open = path.lastIndex(of: UInt8(ascii: "(")) {
            let size = path.base[(open + 1)..<(path.endIndex - 4)]
            if OpopLogNumber.parse(bytes: size) != nil {
                path = path.base[path.startIndex..<open].trimmingSpaces()
            }
        }
        guard !path.isEmpty else {
            return .unreadable(reason: "[ckpt] Saved line without a file path")
        }
        return .checkpoint(path: path.text)
    }

    private static func parseControl(_ fields: OpopLogBytes) -> OpopLogLine {
        let text = fields.trimmingSpaces()
        guard !text.isEmpty else {
            return .unreadable(reason: "[ctrl] line without text")
        }

        var change = OpopControlChange(text: text.text)
        if let colon = text.firstIndex(of: ": "),
           let arrow = text.base[(colon + 2)..<text.endIndex].firstIndex(of: " -> ") {
            let setting = text.base[text.startIndex..<colon].trimmingSpaces()
            let oldValue = text.base[(colon + 2)..<arrow].trimmingSpaces()
            let newValue = text.base[(arrow + 4)..<text.endIndex].trimmingSpaces()
            if !setting.isEmpty, !oldValue.isEmpty, !newValue.isEmpty {
                change.setting = setting.text
                change.oldValue = oldValue.text
                change.newValue = newValue.text
            }
        }
        return .control(change)
    }
}
