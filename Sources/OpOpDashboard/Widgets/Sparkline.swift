/// A one-row chart of column means in eight block levels.
///
/// The levels span the minimum to the maximum mean of the columns shown, and a constant
/// series sits at the middle level. A column with NaN or infinite values shows the
/// non-finite glyph. A column without values repeats the level before it, because a
/// sparse series keeps its last value until the next one. Columns before the first
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
        var previous = -1

        for (offset, column) in zip(0..., shown) {
            let x = start + offset
            guard let column else {
                if previous >= 0 { grid.putNarrow(levels[previous], x: x, y: rect.y, style: style, clip: rect) }
                continue
            }

            if column.nonFiniteCount > 0 {
                grid.putNarrow(glyphs.nonFinite, x: x, y: rect.y, style: nonFiniteStyle, clip: rect)
                continue
            }
            guard let range, column.hasFiniteValues else { continue }

            previous = Self.level(of: column.mean, range: range, levels: levels.count)
            grid.putNarrow(levels[previous], x: x, y: rect.y, style: style, clip: rect)
        }
    }

    /// Returns the level, 0 to `levels - 1`, of a value within `range`.
    static func level(of value: Double, range: ClosedRange<Double>, levels: Int) -> Int {
        let spread = range.upperBound - range.lowerBound
        guard spread > 0, spread.isFinite else { return (levels - 1) / 2 }

        // Adding 0.5 and truncating rounds to nearest because the fraction is clamped to 0...1.
        let fraction = (value - range.lowerBound) / spread
        guard !fraction.isNaN else { return (levels - 1) / 2 }
        return Int(min(max(fraction, 0), 1) * Double(levels - 1) + 0.5)
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
