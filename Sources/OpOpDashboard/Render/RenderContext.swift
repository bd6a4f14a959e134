/// The inputs every panel reads to draw one frame.
struct RenderContext {
    let history: RunHistory
    let view: ViewState
    let session: SessionStatus
    let now: Double
    let glyphs: GlyphSet
    let theme: Theme
    /// Other runs drawn on the same charts, or nil for one run.
    var overlay: RunOverlay? = nil

    var window: StepWindow { view.timeWindow }

    /// The run whose series the charts draw in full: the first run of an overlay, else
    /// the run shown.
    var chartHistory: RunHistory { overlay?.runs[0].history ?? history }

    /// The steps the charts span: the window of the run, or of every overlaid run.
    var chartSteps: ClosedRange<Int>? {
        overlay.map { $0.steps(in: window) } ?? history.steps(in: window)
    }

    /// Returns a series of the chart run summarised into `count` columns over `chartSteps`.
    func columns(of id: SeriesID, count: Int, in history: RunHistory? = nil) -> [ColumnSummary?] {
        guard let steps = chartSteps else { return [ColumnSummary?](repeating: nil, count: max(0, count)) }
        return (history ?? chartHistory).columns(of: id, steps: steps, count: count)
    }

    /// Returns text from the run (names, messages) made safe for this screen.
    func display(_ text: String) -> String {
        sanitizedForDisplay(text, asciiOnly: glyphs.isASCII)
    }

    /// Returns the chart markers inside the window for a plot `width` cells wide. Where
    /// several events share a column, the one with the highest priority shows, and the
    /// latest among equals.
    func markers(width: Int) -> [ChartMarker] {
        var byColumn: [Int: EventMarker] = [:]
        guard let steps = chartSteps else { return [] }
        for (column, marker) in chartHistory.markerColumns(steps: steps, count: width) {
            if let existing = byColumn[column],
                EventMarker.priority(of: existing.kind) > EventMarker.priority(of: marker.kind)
            {
                continue
            }
            byColumn[column] = marker
        }
        return byColumn.map { column, marker in
            ChartMarker(column: column, glyph: EventMarker.glyph(for: marker.kind), style: theme.marker(marker.kind))
        }
    }

    /// Writes `text` centred in `rect`, for empty charts and tables.
    func placeholder(_ text: String, in rect: Rect, grid: inout Grid) {
        guard !rect.isEmpty else { return }

        let width = min(displayWidth(text), rect.width)
        let row = rect.row(rect.height / 2)
        let start = row.x + (row.width - width) / 2
        Label(text, style: theme.label, ellipsis: glyphs.ellipsis)
            .render(into: &grid, rect: Rect(x: start, y: row.y, width: row.maxX - start, height: 1))
    }
}
