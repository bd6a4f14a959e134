/// The bottom line of key hints, htop style: each key highlighted, followed by what it
/// does and one space. Hints that do not fit are left out whole rather than cut.
struct KeyHints: Sendable {
    var hints: [(key: String, label: String)]
    var keyStyle: Style
    var labelStyle: Style

    func render(into grid: inout Grid, rect: Rect) {
        guard !rect.isEmpty else { return }

        grid.fill(rect.row(0))
        var x = rect.x
        for (key, label) in hints {
            let needed = displayWidth(key) + displayWidth(label) + 1
            guard x + needed <= rect.maxX else { break }

            x += grid.put(key, x: x, y: rect.y, style: keyStyle, clip: rect)
            x += grid.put(label, x: x, y: rect.y, style: labelStyle, clip: rect)
            x += 1
        }
    }
}
