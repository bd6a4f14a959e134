/// A grid of chart points drawn by several series, turned into cells at the end.
///
/// In braille mode each cell contains 2x4 points and becomes one braille character. In
/// ASCII mode each cell is one point drawn with the glyph of its series. Where series
/// overlap in a cell, the one drawn last sets the cell's style, so the caller draws the
/// most important series last.
struct ChartCanvas {
    let columns: Int
    let rows: Int
    let dotsPerColumn: Int
    let dotsPerRow: Int
    private var bits: [UInt8]
    private var owners: [Int]

    init(columns: Int, rows: Int, glyphs: GlyphSet) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        (dotsPerColumn, dotsPerRow) = glyphs.dotsPerCell
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        owners = [Int](repeating: -1, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * dotsPerColumn }
    var dotHeight: Int { rows * dotsPerRow }

    /// Sets the point at (x, y) in dots, 0 at the top left, on behalf of `owner`.
    mutating func set(x: Int, y: Int, owner: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }

        let cell = (y / dotsPerRow) * columns + x / dotsPerColumn
        bits[cell] |= Self.dotBit(x: x % dotsPerColumn, y: y % dotsPerRow)
        owners[cell] = owner
    }

    /// Sets the points of a straight line between two dots (Bresenham's algorithm).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), owner: Int) {
        let dx = abs(end.x - start.x)
        let dy = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = dx + dy
        var x = start.x
        var y = start.y

        while true {
            set(x: x, y: y, owner: owner)
            if x == end.x && y == end.y { break }

            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// Sets every point of column `x` between rows `top` and `bottom`, inclusive, one
    /// cell at a time, because a noisy series fills tall spans in every column.
    mutating func verticalSpan(x: Int, from top: Int, to bottom: Int, owner: Int) {
        let first = max(0, min(top, bottom))
        let last = min(dotHeight - 1, max(top, bottom))
        guard x >= 0, x < dotWidth, first <= last else { return }

        let column = x / dotsPerColumn
        let dotColumn = x % dotsPerColumn
        for row in (first / dotsPerRow)...(last / dotsPerRow) {
            let rowTop = row * dotsPerRow
            let mask = Self.spanBits(
                x: dotColumn, from: max(first, rowTop) - rowTop, to: min(last, rowTop + dotsPerRow - 1) - rowTop
            )
            let cell = row * columns + column
            bits[cell] |= mask
            owners[cell] = owner
        }
    }

    /// Returns true when any series drew a point in the cell at `column`, `row`.
    func isDrawn(column: Int, row: Int) -> Bool {
        guard column >= 0, row >= 0, column < columns, row < rows else { return false }
        return bits[row * columns + column] != 0
    }

    /// Writes the drawn cells into `rect`, using `character(owner, bits)` for each.
    func render(into grid: inout Grid, rect: Rect, cell: (Int, UInt8) -> (Character, Style)) {
        for row in 0..<min(rows, rect.height) {
            for column in 0..<min(columns, rect.width) {
                let index = row * columns + column
                guard bits[index] != 0 else { continue }

                let (character, style) = cell(owners[index], bits[index])
                grid.putNarrow(character, x: rect.x + column, y: rect.y + row, style: style, clip: rect)
            }
        }
    }

    /// Returns the braille character for a cell's dot bits.
    static func braille(_ bits: UInt8) -> Character {
        brailleCharacters[Int(bits)]
    }

    private static let brailleCharacters: [Character] = (0..<256).map { bits in
        Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }

    /// Returns the bit of a point within its cell. Braille numbers dots 1-3 and 7 down the
    /// left column (bits 0x01, 0x02, 0x04, 0x40) and dots 4-6 and 8 down the right one
    /// (0x08, 0x10, 0x20, 0x80).
    @inline(__always)
    private static func dotBit(x: Int, y: Int) -> UInt8 {
        spanBits(x: x, from: y, to: y)
    }

    /// Returns the bits of the points in column `x` from row `top` to row `bottom` of one
    /// cell, inclusive.
    @inline(__always)
    private static func spanBits(x: Int, from top: Int, to bottom: Int) -> UInt8 {
        var bits = 0
        if top <= 2 {
            let end = min(bottom, 2)
            bits = ((1 << (end + 1)) - (1 << top)) << (3 * x)
        }
        if bottom == 3 {
            bits |= x == 0 ? 0x40 : 0x80
        }
        return UInt8(truncatingIfNeeded: bits)
    }
}
