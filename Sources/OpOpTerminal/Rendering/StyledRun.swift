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
/// The grid's layout assumes each character's width, but the terminal decides the
/// real one with `wcwidth`. A character narrower than its cells is padded with spaces.
/// One wider than its cells, or one the terminal cannot show at all, becomes `?` padded
/// with spaces, so one odd character never shifts the rest of the row.
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
    /// Spaces in the plain style are left out where they would only blank what `erase`
    /// already blanked: at the ends of runs, and in gaps longer than `RunBuilder.maxPlainGap`.
    func runs(of grid: Grid, row y: Int, columns: Int) -> [StyledRun] {
        let visibleWidth = min(grid.width, columns)
        guard visibleWidth > 0, y >= 0, y < grid.height else { return [] }
        let rowStart = y * grid.width

        return grid.cells.withUnsafeBufferPointer { cells in
            var builder = RunBuilder()
            var x = 0

            while x < visibleWidth {
                let cell = cells[rowStart + x]
                let isWide = !cell.isContinuation && x + 1 < grid.width && cells[rowStart + x + 1].isContinuation

                if cell.isContinuation {
                    // A continuation cell whose wide character was not written before it:
                    // the grid is malformed here, so the cell shows as blank.
                    builder.append(" ", style: cell.style, column: x)
                    x += 1
                } else if isWide && x + 2 > visibleWidth {
                    // Half of a wide character cannot be shown at the right edge.
                    builder.append(" ", style: cell.style, column: x)
                    x += 1
                } else if isWide {
                    builder.append(displayText(for: cell.character, declaredWidth: 2), style: cell.style, column: x)
                    x += 2
                } else if let ascii = cell.character.asciiValue, ascii >= 0x20, ascii < 0x7F {
                    // Printable ASCII, the common case, needs no width check.
                    if ascii == 0x20 && cell.style == .plain {
                        builder.appendPlainSpace()
                    } else {
                        builder.append(cell.character, style: cell.style, column: x)
                    }
                    x += 1
                } else {
                    builder.append(displayText(for: cell.character, declaredWidth: 1), style: cell.style, column: x)
                    x += 1
                }
            }
            return builder.finish()
        }
    }

    /// Returns the text for one character that fills exactly `declaredWidth` columns.
    func displayText(for character: Character, declaredWidth: Int) -> String {
        let padding = String(repeating: " ", count: declaredWidth - 1)
        let scalars = character.unicodeScalars

        // `asciiValue` is also set for "\r\n", which is not printable either.
        if let ascii = character.asciiValue {
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

}

/// Collects the text of a row into runs. Plain spaces are held back until the next
/// character shows whether they sit inside text or at its end.
private struct RunBuilder {
    /// The maximum number of plain spaces kept inside a plain run. A longer gap splits
    /// the run, because moving the cursor costs fewer bytes than writing the spaces.
    static let maxPlainGap = 8

    private var runs: [StyledRun] = []
    private var current: StyledRun?
    private var pendingSpaces = 0

    mutating func appendPlainSpace() {
        pendingSpaces += 1
    }

    mutating func append(_ character: Character, style: Style, column: Int) {
        if character == " " && style == .plain {
            pendingSpaces += 1
            return
        }
        prepare(style: style, column: column)
        current!.text.append(character)
    }

    mutating func append(_ text: String, style: Style, column: Int) {
        if style == .plain && text.allSatisfy({ $0 == " " }) {
            pendingSpaces += text.count
            return
        }
        prepare(style: style, column: column)
        current!.text += text
    }

    mutating func finish() -> [StyledRun] {
        if let current {
            runs.append(current)
        }
        return runs
    }

    /// Makes `current` a run in `style` that continues at `column`, keeping held-back
    /// spaces only inside a plain run with a short gap.
    private mutating func prepare(style: Style, column: Int) {
        defer { pendingSpaces = 0 }

        if let run = current, run.style == style {
            if pendingSpaces == 0 {
                return
            }
            if style == .plain && pendingSpaces <= Self.maxPlainGap {
                current!.text += String(repeating: " ", count: pendingSpaces)
                return
            }
        }
        if let current {
            runs.append(current)
        }
        current = StyledRun(column: column, text: "", style: style)
    }
}
