import OpOpDashboard

/// Text that one curses call writes: consecutive cells of a row in the same style.
struct StyledRun: Equatable {
    /// The column of the first cell, counted from 0.
    var column: Int
    /// The text to write. Its display width equals the number of cells it covers.
    var text: String
    var style: Style
}

/// Turns rows of a `Grid` into runs of text that keep every cell in its column.
///
/// The grid's layout assumes each character's width; the terminal decides the real one
/// with `wcwidth`. A character narrower than its cells is padded with spaces. One wider
/// than its cells, or one the terminal cannot show at all, becomes `?` padded with
/// spaces, so one odd character never shifts the rest of the row.
struct RowRenderer {
    /// Whether the locale is UTF-8. Without it, every non-ASCII character becomes `?`.
    var supportsUnicode: Bool

    /// The display width of a scalar as `wcwidth` returns it: -1 for non-printable,
    /// 0 for combining marks, 1 or 2 otherwise.
    var displayWidth: (Unicode.Scalar) -> Int

    /// The replacement for a character the terminal cannot show.
    static let replacement: Character = "?"

    /// Splits row `y` of `grid` into runs, clipped to the first `columns` columns.
    ///
    /// Runs of spaces in the plain style are left out, because `erase` already blanked
    /// the screen.
    func runs(of grid: Grid, row y: Int, columns: Int) -> [StyledRun] {
        var runs: [StyledRun] = []
        let visibleWidth = min(grid.width, columns)
        var x = 0

        while x < visibleWidth {
            let cell = grid[x, y]
            let declaredWidth = (x + 1 < grid.width && grid[x + 1, y].isContinuation && !cell.isContinuation) ? 2 : 1
            let text: String

            if cell.isContinuation {
                // A continuation cell whose wide character was not written before it:
                // the grid is malformed here, so the cell shows as blank.
                text = " "
            } else if x + declaredWidth > visibleWidth {
                // Half of a wide character cannot be shown at the right edge.
                text = " "
            } else {
                text = displayText(for: cell.character, declaredWidth: declaredWidth)
            }

            append(text, style: cell.style, column: x, to: &runs)
            x += cell.isContinuation ? 1 : min(declaredWidth, visibleWidth - x)
        }

        return runs.filter { run in
            !(run.style == .plain && run.text.allSatisfy { $0 == " " })
        }
    }

    /// Returns the text for one character that fills exactly `declaredWidth` columns.
    func displayText(for character: Character, declaredWidth: Int) -> String {
        let padding = String(repeating: " ", count: declaredWidth - 1)
        let scalars = character.unicodeScalars

        if let ascii = character.asciiValue, scalars.count == 1 {
            let isPrintable = ascii >= 0x20 && ascii < 0x7F
            return isPrintable ? String(character) + padding : String(Self.replacement) + padding
        }
        guard supportsUnicode else {
            return String(Self.replacement) + padding
        }

        var width = 0
        for (index, scalar) in scalars.enumerated() {
            let scalarWidth = displayWidth(scalar)
            let fitsPosition = index == 0 ? scalarWidth > 0 : scalarWidth == 0
            guard fitsPosition else { return String(Self.replacement) + padding }
            width += scalarWidth
        }
        guard width <= declaredWidth else { return String(Self.replacement) + padding }
        return String(character) + String(repeating: " ", count: declaredWidth - width)
    }

    private func append(_ text: String, style: Style, column: Int, to runs: inout [StyledRun]) {
        if let last = runs.indices.last, runs[last].style == style {
            runs[last].text += text
        } else {
            runs.append(StyledRun(column: column, text: text, style: style))
        }
    }
}
