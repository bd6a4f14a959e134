/// Drawing helpers every widget uses, so that clipping and wide characters are handled
/// in one place.
///
/// All helpers take a `clip` rectangle and never write outside it or outside the grid.
/// Text placement goes by `displayWidth`. A wide character takes two cells (the second
/// marked as a continuation) and becomes a space when only one cell is left. Zero-width
/// characters are skipped, so no write can shift the columns after it.
extension Grid {
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Writes one character at (x, y) and returns the number of columns it advanced.
    ///
    /// Writing over half of a wide character blanks its other half, so the grid never
    /// contains a continuation cell without its lead cell.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style, clip: Rect) -> Int {
        let width = displayWidth(character)
        guard width > 0 else { return 0 }

        let area = clip.intersection(bounds)
        guard area.contains(x: x, y: y) else { return width }

        if width == 2 && !area.contains(x: x + 1, y: y) {
            setCell(Cell(" ", style: style), x: x, y: y)
            return width
        }

        setCell(Cell(character, style: style), x: x, y: y)
        if width == 2 {
            setCell(Cell(" ", style: style, isContinuation: true), x: x + 1, y: y)
        }
        return width
    }

    /// Writes a character the caller knows to be one column wide, such as a glyph from
    /// a `GlyphSet`, skipping the width lookup that `put` makes for arbitrary text.
    mutating func putNarrow(_ character: Character, x: Int, y: Int, style: Style, clip: Rect) {
        guard clip.contains(x: x, y: y), contains(x: x, y: y) else { return }
        setCell(Cell(character, style: style), x: x, y: y)
    }

    /// Writes text from (x, y) to the right, stopping at `maxWidth` columns or the clip
    /// edge, and returns the number of columns written.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, style: Style, clip: Rect, maxWidth: Int = .max
    ) -> Int {
        let limit = min(maxWidth, clip.maxX - x)
        var column = 0
        for character in text {
            let width = displayWidth(character)
            if column + width > limit { break }
            column += put(character, x: x + column, y: y, style: style, clip: clip)
        }
        return column
    }

    /// Fills a rectangle with one character and style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }

        guard displayWidth(character) == 1 else {
            for y in area.y..<area.maxY {
                var x = area.x
                while x < area.maxX {
                    x += max(1, put(character, x: x, y: y, style: style, clip: area))
                }
            }
            return
        }

        // Every cell gets the same one-column character, so only wide characters that
        // straddle the left or right edge need repair. Writing the edge cells with `put`
        // repairs them.
        let cell = Cell(character, style: style)
        for y in area.y..<area.maxY {
            put(character, x: area.x, y: y, style: style, clip: area)
            put(character, x: area.maxX - 1, y: y, style: style, clip: area)
            for x in (area.x + 1)..<max(area.x + 1, area.maxX - 1) {
                self[x, y] = cell
            }
        }
    }

    /// Adds attributes to the style of every cell in a rectangle, keeping the characters.
    public mutating func addAttributes(_ attributes: Attributes, in rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }

        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                var cell = self[x, y]
                cell.style.attributes.formUnion(attributes)
                self[x, y] = cell
            }
        }
    }

    /// Stores a cell after repairing any wide character it cuts in half. A cell is the
    /// lead of a wide character exactly when the cell to its right is a continuation.
    ///
    /// The flags are read from `cells` directly: going through the subscript would copy
    /// each neighbouring cell, with its Character, on every write.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            var lead = self[x - 1, y]
            lead.character = " "
            self[x - 1, y] = lead
        }
        if x + 1 < width, cells[index + 1].isContinuation {
            var follower = self[x + 1, y]
            follower.isContinuation = false
            follower.character = " "
            self[x + 1, y] = follower
        }
        self[x, y] = cell
    }
}
