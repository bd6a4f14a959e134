/// One series of a line chart.
struct ChartSeries: Sendable {
    enum Shape: Sendable {
        /// A line through the column means.
        case line
        /// Each column's minimum-to-maximum span, stretched to the previous column's mean
        /// so that neighbouring spans join. A column of one value joins by a line.
        case band
        /// One `pointGlyph` per cell column at its mean, not connected.
        case points
    }

    enum Axis: Sendable {
        case left
        case right
    }

    /// Column summaries, left to right: `LineChart.dataColumns` of them for lines and
    /// bands, one per plot cell for points.
    var columns: [ColumnSummary?]
    var shape: Shape = .line
    var style: Style = .plain
    /// The glyph of a line or band point in ASCII mode.
    var asciiGlyph: Character = "*"
    var pointGlyph: Character = "o"
    /// The glyph of a point that lands on a cell a line or band already drew, or nil to
    /// draw `pointGlyph` over it. It shows that both series are there, where the point
    /// would otherwise hide the line.
    var overlapGlyph: Character? = nil
    var axis: Axis = .left
}

/// A marker drawn in the top row of the plot, such as "F" where the brain was frozen.
struct ChartMarker: Sendable {
    /// Cell column within the plot.
    var column: Int
    var glyph: Character
    var style: Style
}

/// A multi-series line chart with value labels, drawn in braille or ASCII.
///
/// The left axis labels sit in a `labelWidth`-column gutter left of the plot, and the
/// right axis (when a series uses it) in one on the right. Columns with NaN or infinite
/// values get the non-finite glyph in the bottom row of the plot.
struct LineChart: Sendable {
    static let labelWidth = 6
    /// Plots narrower than this drop their labels to keep room for the data.
    static let minimumPlotWidthForLabels = 10

    var series: [ChartSeries] = []
    var markers: [ChartMarker] = []
    /// Puts the left axis on a log10 scale. The right axis, which carries a different
    /// quantity such as accuracy, stays linear.
    var logScale = false
    var labelStyle: Style = .plain
    var nonFiniteStyle: Style = .plain

    /// Returns the plot area for a chart in `rect`: the rectangle minus the label gutters.
    static func plotRect(in rect: Rect, rightAxis: Bool) -> Rect {
        let gutter = labelWidth + 1
        let gutters = rightAxis ? 2 * gutter : gutter
        guard rect.width - gutters >= minimumPlotWidthForLabels else { return rect }
        return rect.inset(left: gutter, right: rightAxis ? gutter : 0)
    }

    /// Returns how many data columns a line or band series needs for a plot of `width`
    /// cells.
    static func dataColumns(plotWidth: Int, glyphs: GlyphSet) -> Int {
        max(0, plotWidth) * glyphs.dotsPerCell.x
    }

    var hasRightAxis: Bool { series.contains { $0.axis == .right } }

    func render(into grid: inout Grid, rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }

        let plot = Self.plotRect(in: rect, rightAxis: hasRightAxis)
        let leftScale = scale(for: .left)
        let rightScale = scale(for: .right)
        var canvas = ChartCanvas(columns: plot.width, rows: plot.height, glyphs: glyphs)

        for (index, series) in series.enumerated() where series.shape != .points {
            guard let scale = series.axis == .left ? leftScale : rightScale else { continue }
            draw(series, owner: index, scale: scale, on: &canvas)
        }
        // Looked up per owner, not per cell, so no series (and its array) is copied per cell.
        let styles = series.map(\.style)
        let asciiGlyphs = series.map(\.asciiGlyph)
        canvas.render(into: &grid, rect: plot) { owner, bits in
            let character = glyphs.usesBraille ? ChartCanvas.braille(bits) : asciiGlyphs[owner]
            return (character, styles[owner])
        }

        for series in series where series.shape == .points {
            guard let scale = series.axis == .left ? leftScale : rightScale else { continue }
            drawPoints(series, scale: scale, grid: &grid, plot: plot, under: canvas)
        }
        drawNonFiniteMarks(grid: &grid, plot: plot, glyphs: glyphs)
        for marker in markers where marker.column >= 0 && marker.column < plot.width {
            grid.put(marker.glyph, x: plot.x + marker.column, y: plot.y, style: marker.style, clip: plot)
        }

        if plot.x > rect.x, let leftScale {
            drawLabels(leftScale, x: rect.x, alignRight: true, plot: plot, grid: &grid)
        }
        if plot.maxX < rect.maxX, let rightScale {
            drawLabels(rightScale, x: plot.maxX + 1, alignRight: false, plot: plot, grid: &grid)
        }
    }

    /// Returns the scale fitting every value the series on `axis` will draw.
    private func scale(for axis: ChartSeries.Axis) -> AxisScale? {
        var values: [Double] = []
        for series in series where series.axis == axis {
            for case let column? in series.columns where column.hasFiniteValues {
                if series.shape == .band {
                    values.append(column.minimum)
                    values.append(column.maximum)
                } else {
                    values.append(column.mean)
                }
            }
        }
        return AxisScale(spanning: values, logarithmic: logScale && axis == .left)
    }

    private func draw(_ series: ChartSeries, owner: Int, scale: AxisScale, on canvas: inout ChartCanvas) {
        let height = canvas.dotHeight
        var previous: (x: Int, y: Int)?

        for (x, column) in series.columns.prefix(canvas.dotWidth).enumerated() {
            guard let column, column.hasFiniteValues,
                let y = scale.position(of: column.mean, count: height)
            else { continue }

            if series.shape == .band, column.finiteCount > 1,
                let top = scale.position(of: column.maximum, count: height),
                let bottom = scale.position(of: column.minimum, count: height)
            {
                // Stretching the span to the previous mean joins neighbouring columns
                // as a line would, for a fraction of the cost on a noisy series.
                let joinedTop = min(top, previous?.y ?? top)
                let joinedBottom = max(bottom, previous?.y ?? bottom)
                canvas.verticalSpan(x: x, from: joinedTop, to: joinedBottom, owner: owner)
                previous = (x, y)
                continue
            }
            if let previous {
                canvas.line(from: previous, to: (x, y), owner: owner)
            } else {
                canvas.set(x: x, y: y, owner: owner)
            }
            previous = (x, y)
        }
    }

    private func drawPoints(_ series: ChartSeries, scale: AxisScale, grid: inout Grid, plot: Rect, under canvas: ChartCanvas) {
        for (x, column) in series.columns.prefix(plot.width).enumerated() {
            guard let column, column.hasFiniteValues,
                let row = scale.position(of: column.mean, count: plot.height)
            else { continue }

            var glyph = series.pointGlyph
            if let overlapGlyph = series.overlapGlyph, canvas.isDrawn(column: x, row: row) {
                glyph = overlapGlyph
            }
            grid.put(glyph, x: plot.x + x, y: plot.y + row, style: series.style, clip: plot)
        }
    }

    private func drawNonFiniteMarks(grid: inout Grid, plot: Rect, glyphs: GlyphSet) {
        guard plot.height > 0 else { return }

        for series in series {
            let perCell = series.shape == .points ? 1 : glyphs.dotsPerCell.x
            for (index, column) in series.columns.enumerated() where (column?.nonFiniteCount ?? 0) > 0 {
                let x = index / perCell
                guard x < plot.width else { break }
                grid.put(glyphs.nonFinite, x: plot.x + x, y: plot.maxY - 1, style: nonFiniteStyle, clip: plot)
            }
        }
    }

    /// Writes the top and bottom values of the axis, and the middle one when the plot
    /// has at least three rows, into the gutter starting at `x`.
    private func drawLabels(_ scale: AxisScale, x: Int, alignRight: Bool, plot: Rect, grid: inout Grid) {
        guard plot.height > 0 else { return }

        var rows: [(row: Int, fraction: Double)] = [(0, 1)]
        if plot.height >= 3 {
            let middle = (plot.height - 1) / 2
            rows.append((middle, 1 - Double(middle) / Double(plot.height - 1)))
        }
        if plot.height >= 2 {
            rows.append((plot.height - 1, 0))
        }

        let gutter = Rect(x: x, y: plot.y, width: Self.labelWidth, height: plot.height)
        for (row, fraction) in rows {
            let text = NumberFormatting.compact(scale.value(atFraction: fraction), width: Self.labelWidth)
            let aligned = alignRight ? rightAligned(text, width: Self.labelWidth) : text
            grid.put(aligned, x: x, y: plot.y + row, style: labelStyle, clip: gutter)
        }
    }
}
