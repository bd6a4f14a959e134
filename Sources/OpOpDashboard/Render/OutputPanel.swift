/// The last lines of the trainer's output (`output.log`), newest at the bottom, each
/// cut at the right edge.
struct OutputPanel {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        guard !rect.isEmpty, let lines = context.session.outputLines else { return }

        let theme = context.theme
        let box = Box(
            title: [Span("Output", theme.boxTitle), Span(" output.log", theme.label)],
            borderStyle: theme.border
        )
        let inside = box.render(into: &grid, rect: rect, glyphs: context.glyphs)
        guard !inside.isEmpty else { return }

        if lines.isEmpty {
            context.placeholder("no output yet", in: inside, grid: &grid)
            return
        }
        for (index, line) in lines.suffix(inside.height).enumerated() {
            Label(context.display(line), style: theme.plain, ellipsis: context.glyphs.ellipsis)
                .render(into: &grid, rect: inside.row(index))
        }
    }
}
