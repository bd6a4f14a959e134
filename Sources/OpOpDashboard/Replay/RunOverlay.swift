/// Several runs drawn on the same charts, aligned by step, for `opop-top replay a b c`.
///
/// The first run draws its loss band, loss EMA, reward and baseline as usual. Every
/// other run draws its loss EMA and its reward as one point per cell column, with a glyph
/// of its own, so the runs stay apart without colour too. The group table and the
/// status line show `shownRun`.
public struct RunOverlay: Sendable {
    public struct Run: Sendable {
        /// The name the legend shows, such as the run directory's name.
        public var label: String
        public var history: RunHistory

        public init(label: String, history: RunHistory) {
            self.label = label
            self.history = history
        }
    }

    /// The most runs one replay overlays: one per point glyph.
    public static let maximumRuns = 1 + pointGlyphs.count
    /// The point glyphs of the runs after the first, in order. They are ASCII, so they
    /// are the same in both glyph sets and none of them is a glyph of the first run.
    public static let pointGlyphs: [Character] = ["+", "x", "#", "%", "&"]

    public var runs: [Run]
    /// Index into `runs` of the run whose groups and status line show.
    public var shownRun: Int

    public init(runs: [Run], shownRun: Int = 0) {
        precondition(
            (2...Self.maximumRuns).contains(runs.count),
            "an overlay takes 2 to \(Self.maximumRuns) runs, not \(runs.count)"
        )
        self.runs = runs
        self.shownRun = min(max(shownRun, 0), runs.count - 1)
    }

    /// Returns the glyph the legend shows for run `index`.
    static func legendGlyph(run index: Int, glyphs: GlyphSet) -> Character {
        index == 0 ? (glyphs.usesBraille ? "⣿" : ChartGlyphs.lossEMA) : pointGlyphs[(index - 1) % pointGlyphs.count]
    }

    /// Returns the steps the charts span: every run's steps in the window, so that the
    /// runs line up by step.
    func steps(in window: StepWindow) -> ClosedRange<Int>? {
        let ranges = runs.compactMap { $0.history.steps(in: .all) }
        guard let first = ranges.map(\.lowerBound).min(), let last = ranges.map(\.upperBound).max() else { return nil }

        switch window {
        case .all:
            return first...last
        case .last(let length):
            return max(first, last - max(1, length) + 1)...last
        }
    }
}
