/// A one-row chart of column means in eight block levels.
///
/// The levels span the minimum to the maximum mean of the columns shown; a constant
/// series sits at the middle level. A column with NaN or infinite values shows the
/// non-finite glyph. A column without values repeats the level before it, because a
/// sparse series holds its last value until the next one. Columns before the first
/// value stay blank.
struct Sparkline: Sendable {
    var columns: [ColumnSummary?]
    var style: Style = .plain
    var nonFiniteStyle: Style = .plain

    /// Draws the last `rect.width` columns on the first row of `rect`, right-aligned.
    func render(into grid: inout Grid, rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }

        let shown = columns.suffix(rect.width)
        let start = rect.maxX - shown.count
        let levels = glyphs.sparkLevels
        let range = meanRange(shown)
        var previous: Character?

        for (offset, column) in shown.enumerated() {
            let x = start + offset
            guard let column else {
                if let previous { grid.putNarrow(previous, x: x, y: rect.y, style: style, clip: rect) }
                continue
            }

            if column.nonFiniteCount > 0 {
                grid.putNarrow(glyphs.nonFinite, x: x, y: rect.y, style: nonFiniteStyle, clip: rect)
                continue
            }
            guard let range, column.hasFiniteValues else { continue }

            let level = Self.level(of: column.mean, range: range, levels: levels.count)
            previous = levels[level]
            grid.putNarrow(levels[level], x: x, y: rect.y, style: style, clip: rect)
        }
    }

    /// Returns the level, 0 to `levels - 1`, of a value within `range`.
    static func level(of value: Double, range: ClosedRange<Double>, levels: Int) -> Int {
        let spread = range.upperBound - range.lowerBound
        guard spread > 0, spread.isFinite else { return (levels - 1) / 2 }

        let fraction = (value - range.lowerBound) / spread
        let level = Int((fraction * Double(levels - 1)).rounded())
        return min(max(level, 0), levels - 1)
    }

    private func meanRange(_ columns: ArraySlice<ColumnSummary?>) -> ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        for column in columns {
            guard let column, column.hasFiniteValues else { continue }
            low = min(low, column.mean)
            high = max(high, column.mean)
        }
        return low <= high ? low...high : nil
    }
}
