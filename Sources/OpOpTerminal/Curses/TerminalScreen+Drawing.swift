@preconcurrency import CNcursesw
import OpOpDashboard

extension TerminalScreen {
    public func draw(_ grid: Grid) {
        guard isOpen else { return }
        let size = self.size
        if let lastFrame, lastFrame.size == size, lastFrame.grid == grid {
            return
        }
        lastFrame = (grid, size)
        werase(stdscr)

        for y in 0..<min(grid.height, size.height) {
            for run in rowRenderer.runs(of: grid, row: y, columns: size.width) {
                apply(run.style)
                // Writing the bottom-right cell returns ERR because the cursor cannot
                // advance past it, but the character is still placed.
                _ = mvwaddnstr(stdscr, Int32(y), Int32(run.column), run.text, -1)
            }
        }

        apply(.plain)
        wrefresh(stdscr)
    }

    /// Sets the attributes and colour pair for the text written next.
    private func apply(_ style: Style) {
        guard style != appliedStyle else { return }
        appliedStyle = style

        var attributes = opop_curses_attribute_normal()
        if style.attributes.contains(.bold) { attributes |= opop_curses_attribute_bold() }
        if style.attributes.contains(.dim) { attributes |= opop_curses_attribute_dim() }
        if style.attributes.contains(.reverse) { attributes |= opop_curses_attribute_reverse() }
        if style.attributes.contains(.underline) { attributes |= opop_curses_attribute_underline() }

        var pair: Int16 = 0
        if colorPairs != nil {
            let assignment = colorPairs!.assignment(foreground: style.foreground, background: style.background)
            if let colors = assignment.initialization {
                init_pair(assignment.pair, colors.foreground, colors.background)
            }
            pair = assignment.pair
        }

        opop_curses_set_style(attributes, pair)
    }
}
