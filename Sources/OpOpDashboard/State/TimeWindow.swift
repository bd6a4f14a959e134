/// The time windows `+` and `-` step through, narrowest first, ending with the whole run.
public enum TimeWindow {
    public static let choices: [StepWindow] = [
        .last(100), .last(200), .last(500),
        .last(1_000), .last(2_000), .last(5_000),
        .last(10_000), .last(20_000), .last(50_000),
        .last(100_000), .last(200_000), .last(500_000),
        .last(1_000_000), .all,
    ]

    /// The index of `.all`, the default.
    public static let defaultIndex = choices.count - 1

    /// Returns the window at `index`, clamped into the list.
    public static func window(at index: Int) -> StepWindow {
        choices[min(max(index, 0), choices.count - 1)]
    }

    /// Returns a short label: "100", "1k", "1M", "all".
    public static func label(_ window: StepWindow) -> String {
        switch window {
        case .all:
            return "all"
        case .last(let steps) where steps >= 1_000_000 && steps % 1_000_000 == 0:
            return "\(steps / 1_000_000)M"
        case .last(let steps) where steps >= 1_000 && steps % 1_000 == 0:
            return "\(steps / 1_000)k"
        case .last(let steps):
            return "\(steps)"
        }
    }
}
