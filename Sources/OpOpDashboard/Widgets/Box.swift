/// A border around a rectangle, with titles set into its top and bottom edges.
struct Box: Sendable {
    var title: [Span] = []
    /// Right-aligned in the top edge, drawn only where it does not cover the title.
    var rightTitle: [Span] = []
    var bottomLeft: [Span] = []
    var bottomRight: [Span] = []
    var borderStyle: Style = .plain
    /// Blanks the inside first, for a box drawn over other content such as an overlay.
    var clearsInterior = false

    /// Draws the border and titles and returns the rectangle inside the border.
    @discardableResult
    func render(into grid: inout Grid, rect: Rect, glyphs: GlyphSet) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else {
            grid.fill(rect)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }

        if clearsInterior { grid.fill(rect.interior) }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        grid.putNarrow(glyphs.topLeft, x: rect.x, y: rect.y, style: borderStyle, clip: rect)
        grid.putNarrow(glyphs.topRight, x: right, y: rect.y, style: borderStyle, clip: rect)
        grid.putNarrow(glyphs.bottomLeft, x: rect.x, y: bottom, style: borderStyle, clip: rect)
        grid.putNarrow(glyphs.bottomRight, x: right, y: bottom, style: borderStyle, clip: rect)
        for x in (rect.x + 1)..<right {
            grid.putNarrow(glyphs.horizontal, x: x, y: rect.y, style: borderStyle, clip: rect)
            grid.putNarrow(glyphs.horizontal, x: x, y: bottom, style: borderStyle, clip: rect)
        }
        for y in (rect.y + 1)..<bottom {
            grid.putNarrow(glyphs.vertical, x: rect.x, y: y, style: borderStyle, clip: rect)
            grid.putNarrow(glyphs.vertical, x: right, y: y, style: borderStyle, clip: rect)
        }

        placeTitles(left: title, right: rightTitle, row: rect.y, rect: rect, grid: &grid, glyphs: glyphs)
        placeTitles(left: bottomLeft, right: bottomRight, row: bottom, rect: rect, grid: &grid, glyphs: glyphs)
        return rect.interior
    }

    /// Sets titles into an edge as " title ", leaving one border cell at each corner.
    private func placeTitles(left: [Span], right: [Span], row: Int, rect: Rect, grid: inout Grid, glyphs: GlyphSet) {
        let edge = Rect(x: rect.x + 1, y: row, width: rect.width - 2, height: 1)
        var leftUsed = 0
        if !left.isEmpty {
            let padded = [Span(" ")] + left + [Span(" ")]
            leftUsed = Label(padded, ellipsis: glyphs.ellipsis).render(into: &grid, rect: edge)
        }

        guard !right.isEmpty else { return }
        let padded = [Span(" ")] + right + [Span(" ")]
        let width = Label(padded).width
        let start = edge.maxX - width
        if start >= edge.x + leftUsed + 1 {
            Label(padded).render(into: &grid, rect: Rect(x: start, y: row, width: width, height: 1))
        }
    }
}
