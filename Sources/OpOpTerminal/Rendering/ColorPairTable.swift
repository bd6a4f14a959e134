import OpOpDashboard

/// Assigns curses colour pair numbers to foreground and background combinations on
/// first use, because terminals offer fewer pairs (64 on many 8-colour terminals) than
/// the 81 combinations of eight colours plus the default.
struct ColorPairTable {
    /// A pair number for `attr_set`, and the colours to `init_pair` it with when new.
    struct Assignment: Equatable {
        var pair: Int16
        /// The curses colour numbers to initialise the pair with, or nil when the pair
        /// already exists or is pair 0, the terminal's default colours.
        var initialization: (foreground: Int16, background: Int16)?

        static func == (lhs: Assignment, rhs: Assignment) -> Bool {
            lhs.pair == rhs.pair
                && lhs.initialization?.foreground == rhs.initialization?.foreground
                && lhs.initialization?.background == rhs.initialization?.background
        }
    }

    private struct Combination: Hashable {
        var foreground: Color?
        var background: Color?
    }

    /// The highest pair number this table hands out: `COLOR_PAIRS - 1`, capped at 255
    /// so every pair also fits the `COLOR_PAIR` bits of an attribute.
    let maxPair: Int16

    /// Whether `use_default_colors` succeeded, so -1 stands for the terminal's own
    /// foreground or background.
    let usesDefaultColors: Bool

    private var pairs: [Combination: Int16] = [:]

    init(colorPairs: Int, usesDefaultColors: Bool) {
        self.maxPair = Int16(clamping: min(255, colorPairs - 1))
        self.usesDefaultColors = usesDefaultColors
    }

    /// The number of pairs handed out so far.
    var assignedCount: Int { pairs.count }

    /// Returns the pair for a foreground and background, assigning the next free number
    /// on first use.
    ///
    /// Two nil colours use pair 0. When every pair is taken, a new combination also
    /// falls back to pair 0, so the text keeps its attributes but loses its colours.
    mutating func assignment(foreground: Color?, background: Color?) -> Assignment {
        let combination = Combination(foreground: foreground, background: background)
        if combination == Combination(foreground: nil, background: nil) {
            return Assignment(pair: 0, initialization: nil)
        }
        if let existing = pairs[combination] {
            return Assignment(pair: existing, initialization: nil)
        }

        let next = Int16(pairs.count + 1)
        guard next <= maxPair else {
            return Assignment(pair: 0, initialization: nil)
        }
        pairs[combination] = next

        // Without default-colour support, -1 is invalid, so nil falls back to the
        // classic white on black.
        let defaultForeground: Int16 = usesDefaultColors ? -1 : Int16(Color.white.rawValue)
        let defaultBackground: Int16 = usesDefaultColors ? -1 : Int16(Color.black.rawValue)
        let initialization = (
            foreground: foreground.map { Int16($0.rawValue) } ?? defaultForeground,
            background: background.map { Int16($0.rawValue) } ?? defaultBackground
        )
        return Assignment(pair: next, initialization: initialization)
    }
}
