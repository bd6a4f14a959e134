import OpOpTrace

/// The style of each part of the screen. Without colour, every distinction a colour
/// makes is also made by an attribute (dim, bold, reverse) or by a glyph.
struct Theme: Sendable {
    let colour: Bool

    private func style(_ foreground: Color?, _ attributes: Attributes = []) -> Style {
        Style(foreground: colour ? foreground : nil, attributes: attributes)
    }

    var plain: Style { .plain }
    var title: Style { style(nil, .bold) }
    var border: Style { style(colour ? .blue : nil) }
    var boxTitle: Style { style(nil, .bold) }
    var label: Style { style(nil, .dim) }
    var header: Style { style(colour ? .cyan : nil, .bold) }

    var rawLoss: Style { style(.cyan, .dim) }
    var lossEMA: Style { style(.yellow, .bold) }
    var metric: Style { style(.green, .bold) }
    var reward: Style { style(.magenta, .dim) }
    var baseline: Style { style(.white, .bold) }
    var knob: Style { style(.cyan) }
    var nonFinite: Style { style(.red, .bold) }

    var selectedRow: Style { Style(attributes: .reverse) }
    var hintKey: Style { Style(foreground: colour ? .black : nil, background: colour ? .cyan : nil, attributes: colour ? [] : .reverse) }
    var hintLabel: Style { .plain }
    var overlay: Style { .plain }
    var overlayBorder: Style { style(.yellow, .bold) }

    func marker(_ kind: EventRecord.Kind) -> Style {
        switch kind {
        case .freeze: return style(.blue, [.bold, .reverse])
        case .unfreeze: return style(.green, [.bold, .reverse])
        case .reset: return style(.yellow, [.bold, .reverse])
        case .snapshot: return style(.cyan, [.bold, .reverse])
        default: return style(.red, [.bold, .reverse])
        }
    }

    func brainState(_ state: BrainState) -> Style {
        switch state {
        case .learning: return style(.green, [.bold, .reverse])
        case .frozen: return style(.blue, [.bold, .reverse])
        case .absent: return style(nil, [.reverse])
        }
    }

    func runState(_ state: RunState) -> Style {
        switch state {
        case .live: return style(.green, [.bold, .reverse])
        case .stale: return style(.yellow, [.bold, .reverse])
        case .ended: return style(nil, [.reverse])
        }
    }

    var paused: Style { style(.yellow, [.bold, .reverse]) }
    /// Returns the style of overlaid run `index` (1 or more; run 0 keeps the series styles).
    func overlayRun(_ index: Int) -> Style {
        let colours: [Color] = [.magenta, .green, .red, .blue, .white]
        return style(colours[(max(index, 1) - 1) % colours.count], .bold)
    }

    /// The race view's ratio line, and its dim reference line at 1.
    var ratio: Style { style(.green, .bold) }
    var parity: Style { style(nil, .dim) }

    var playing: Style { style(.green, [.bold, .reverse]) }
    var message: Style { style(nil) }
    var warning: Style { style(.red, .bold) }
}

extension EventMarker {
    /// Returns the letter drawn for a marker: F freeze, U unfreeze, R reset, S snapshot, ! error
    /// or bad value.
    static func glyph(for kind: EventRecord.Kind) -> Character {
        switch kind {
        case .freeze: return "F"
        case .unfreeze: return "U"
        case .reset: return "R"
        case .snapshot: return "S"
        default: return "!"
        }
    }

    /// Returns the rank that decides which marker shows when several share a column.
    /// The higher rank wins.
    static func priority(of kind: EventRecord.Kind) -> Int {
        switch kind {
        case .error, .badValue: return 4
        case .reset: return 3
        case .freeze, .unfreeze: return 2
        default: return 1
        }
    }
}
