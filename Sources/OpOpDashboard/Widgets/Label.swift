/// A run of text drawn in one style.
struct Span: Sendable, Equatable {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of styled text, cut at the right edge of its rectangle.
struct Label: Sendable {
    var spans: [Span]
    /// Ends the text when it had to be cut.
    var ellipsis: Character?

    init(_ spans: [Span], ellipsis: Character? = nil) {
        self.spans = spans
        self.ellipsis = ellipsis
    }

    init(_ text: String, style: Style = .plain, ellipsis: Character? = nil) {
        self.init([Span(text, style)], ellipsis: ellipsis)
    }

    var width: Int { spans.reduce(0) { $0 + displayWidth($1.text) } }

    /// Draws the label on the first row of `rect` and returns the columns it used.
    @discardableResult
    func render(into grid: inout Grid, rect: Rect) -> Int {
        guard !rect.isEmpty else { return 0 }

        let fits = width <= rect.width
        let ellipsisWidth = fits ? 0 : (ellipsis.map(displayWidth) ?? 0)
        let budget = rect.width - ellipsisWidth
        var column = 0
        var lastStyle = Style.plain
        for span in spans {
            guard column < budget else { break }

            let text = fits ? span.text : truncated(span.text, toWidth: budget - column)
            column += grid.put(text, x: rect.x + column, y: rect.y, style: span.style, clip: rect)
            lastStyle = span.style
        }
        if !fits, let ellipsis, ellipsisWidth <= rect.width {
            column += grid.put(ellipsis, x: rect.x + column, y: rect.y, style: lastStyle, clip: rect)
        }
        return column
    }
}
