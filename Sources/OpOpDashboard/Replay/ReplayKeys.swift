/// A request from the user during a replay, carried out by the replay session.
public enum ReplayCommand: Sendable, Equatable {
    case quit
    case togglePlaying
    case faster
    case slower
    /// Show the run at this step. The session clamps it to the steps the run has.
    case seek(to: Int)
    case seekToStart
    case seekToEnd
    /// Go to the shown run's next freeze, unfreeze, reset, snapshot, error or bad value.
    case nextEvent
    case previousEvent
    /// Go to the shown run's next or previous brain update.
    case nextBrainUpdate
    case previousBrainUpdate
    /// Show the next run's groups and status line (several runs overlaid).
    case showNextRun
}

/// Where the replay stands, for the keys that move relative to it.
public struct ReplayPosition: Sendable, Equatable {
    /// The step shown, nil before the first step record.
    public var step: Int?
    public var firstStep: Int?
    /// The last step read so far.
    public var lastStep: Int?

    public init(step: Int?, firstStep: Int?, lastStep: Int?) {
        self.step = step
        self.firstStep = firstStep
        self.lastStep = lastStep
    }
}

/// The replay's keys and what they do, for the help overlay and `--help`.
public enum ReplayKeyBindings {
    public static let all: [(keys: String, action: String)] = [
        ("q  F10", "quit"),
        ("?  h  F1", "show this help; any key closes it"),
        ("Space", "play or pause"),
        ("[  ]", "halve or double the speed (1/4x to 64x)"),
        ("Left Right", "step back or forward one window"),
        ("Home", "go to the first step"),
        ("End  e", "go to the last step"),
        ("g", "go to a step: type it, then Enter"),
        ("n  N", "go to the next or previous event, brain updates aside"),
        ("b  B", "go to the next or previous brain update"),
        ("Tab  v", "show the next run's groups (several runs)"),
        ("Up Down  k j", "select a parameter group"),
        ("PgUp PgDn", "move the selection one page"),
        ("l", "toggle log scale on the loss chart"),
        ("+  -", "widen or narrow the time window"),
    ]
}

/// The message for f, r, R and s, which would change a brain.
public let replayReadOnlyMessage = "replay is read-only: f, r, R and s act on a running trainer (use attach)"

/// The longest step number the go-to prompt takes, in digits.
public let stepPromptMaximumLength = 16

/// Applies a key press during a replay and returns what the session must do, if anything.
///
/// `prompt` is the text typed after `g`, or nil when no go-to prompt is open. While it
/// is open, digits and Backspace edit it, Enter seeks, and Esc cancels. Replay-only keys
/// come first. Home and End move playback rather than the group selection, which Up,
/// Down, `j`, `k`, PgUp and PgDn still move. Everything else goes to the dashboard's
/// own `handle`.
public func handleReplayKey(
    _ key: Key, view: inout ViewState, prompt: inout String?, position: ReplayPosition, history: RunHistory
) -> ReplayCommand? {
    if key == .resize { return nil }
    if prompt != nil {
        return handlePromptKey(key, view: &view, prompt: &prompt)
    }
    if view.overlay != .none {
        view.overlay = .none
        return nil
    }

    switch key {
    case .character(" "):
        return .togglePlaying
    case .character("]"):
        return .faster
    case .character("["):
        return .slower
    case .home:
        return .seekToStart
    case .end, .character("e"):
        return .seekToEnd
    case .left, .right:
        guard let step = position.step ?? position.firstStep else { return nil }
        let stride = windowStride(view.timeWindow, position: position)
        return .seek(to: key == .left ? step - stride : step + stride)
    case .character("g"):
        prompt = ""
        return nil
    case .character("n"):
        return .nextEvent
    case .character("N"):
        return .previousEvent
    case .character("b"):
        return .nextBrainUpdate
    case .character("B"):
        return .previousBrainUpdate
    case .tab, .character("v"):
        return .showNextRun
    case .character("f"), .character("r"), .character("R"), .character("s"):
        view.statusMessage = replayReadOnlyMessage
        return nil
    case .character("G"), .character("o"):
        return nil
    case .character("?"), .character("h"), .function(1):
        view.overlay = .help
        return nil
    default:
        return handle(key, view: &view, history: history) == .quit ? .quit : nil
    }
}

/// Returns how far Left and Right move: the window's width in steps, or an eighth of
/// the steps read so far when the window is the whole run. At least 1.
public func windowStride(_ window: StepWindow, position: ReplayPosition) -> Int {
    switch window {
    case .last(let steps):
        return max(1, steps)
    case .all:
        guard let first = position.firstStep, let last = position.lastStep, last > first else { return 1 }
        return max(1, (last - first + 1) / 8)
    }
}

private func handlePromptKey(_ key: Key, view: inout ViewState, prompt: inout String?) -> ReplayCommand? {
    let text = prompt ?? ""
    switch key {
    case .escape, .control("c"), .control("g"):
        prompt = nil
        return nil
    case .backspace:
        prompt = String(text.dropLast())
        return nil
    case .enter:
        prompt = nil
        return parseStepPrompt(text, view: &view)
    case .character(let character):
        guard text.count < stepPromptMaximumLength else {
            view.statusMessage = "a step has at most \(stepPromptMaximumLength) digits; press Enter or Esc"
            return nil
        }
        prompt = text + String(character)
        return nil
    default:
        return nil
    }
}

/// Returns the seek for the typed text, or sets a message that says what is wrong.
private func parseStepPrompt(_ text: String, view: inout ViewState) -> ReplayCommand? {
    guard !text.isEmpty else {
        view.statusMessage = "no step typed: press g, type a step number such as 1200, then Enter"
        return nil
    }
    guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        view.statusMessage = "'\(text)' is not a step number: type digits only, such as 1200"
        return nil
    }
    guard let step = Int(text), step <= RunHistory.maximumStep else {
        view.statusMessage = "step \(text) is too large: steps go up to 2^53"
        return nil
    }
    return .seek(to: step)
}
