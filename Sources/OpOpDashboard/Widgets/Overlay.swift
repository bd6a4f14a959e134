/// Returns a rectangle of the given size centred in `bounds`, shrunk to fit inside it.
func centeredRect(width: Int, height: Int, in bounds: Rect) -> Rect {
    let fittedWidth = min(width, bounds.width)
    let fittedHeight = min(height, bounds.height)
    return Rect(
        x: bounds.x + (bounds.width - fittedWidth) / 2,
        y: bounds.y + (bounds.height - fittedHeight) / 2,
        width: fittedWidth,
        height: fittedHeight
    )
}

/// The help window: every key and what it does, in a box over the dashboard.
struct HelpOverlay: Sendable {
    var entries: [(keys: String, action: String)] = KeyBindings.all
    var borderStyle: Style
    var keyStyle: Style
    var textStyle: Style

    func render(into grid: inout Grid, bounds: Rect, glyphs: GlyphSet) {
        let keyWidth = entries.map { displayWidth($0.keys) }.max() ?? 0
        let textWidth = entries.map { displayWidth($0.action) }.max() ?? 0
        let footer = "press any key to close"
        let rect = centeredRect(
            width: keyWidth + textWidth + 6,
            height: entries.count + 4,
            in: bounds
        )

        let box = Box(
            title: [Span("Help", borderStyle)], bottomRight: [Span(footer, textStyle)],
            borderStyle: borderStyle, clearsInterior: true
        )
        let inside = box.render(into: &grid, rect: rect, glyphs: glyphs)
        for (index, entry) in entries.enumerated() {
            let row = inside.row(index + 1)
            guard !row.isEmpty else { break }

            Label([
                Span(" " + leftAligned(entry.keys, width: keyWidth) + "  ", keyStyle),
                Span(entry.action, textStyle),
            ], ellipsis: glyphs.ellipsis).render(into: &grid, rect: row)
        }
    }
}

/// A question answered with a key, such as "Reset all N groups? (y/n)".
struct ConfirmDialog: Sendable {
    var question: String
    /// The keys that answer, shown in brackets after the question.
    var choices = "y/n"
    var borderStyle: Style
    var textStyle: Style

    func render(into grid: inout Grid, bounds: Rect, glyphs: GlyphSet) {
        let text = question + " (" + choices + ")"
        let rect = centeredRect(width: displayWidth(text) + 6, height: 5, in: bounds)
        let box = Box(title: [Span("Confirm", borderStyle)], borderStyle: borderStyle, clearsInterior: true)
        let inside = box.render(into: &grid, rect: rect, glyphs: glyphs)

        let row = inside.row(inside.height / 2)
        let width = min(displayWidth(text), row.width)
        let start = row.x + (row.width - width) / 2
        Label(text, style: textStyle, ellipsis: glyphs.ellipsis)
            .render(into: &grid, rect: Rect(x: start, y: row.y, width: row.maxX - start, height: 1))
    }
}
