/// The inputs every panel reads to draw one frame.
struct RenderContext {
    let history: RunHistory
    let view: ViewState
    let session: SessionStatus
    let now: Double
    let glyphs: GlyphSet
    let theme: Theme

    var window: StepWindow { view.timeWindow }

    /// Returns text from the run (names, messages) made safe for this screen.
    func display(_ text: String) -> String {
        sanitizedForDisplay(text, asciiOnly: glyphs.isASCII)
    }

    /// Returns the chart markers inside the window for a plot `width` cells wide. Where
    /// several events share a column, the one with the highest priority shows, and the
    /// latest among equals.
    func markers(width: Int) -> [ChartMarker] {
        var byColumn: [Int: EventMarker] = [:]
        for (column, marker) in history.markerColumns(window: window, count: width) {
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
