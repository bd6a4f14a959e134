/// Draws one frame of the dashboard into a new grid of `width` x `height` cells.
///
/// A pure function of its arguments: the clock enters only through `now` (seconds since
/// 1970-01-01 UTC), which sets the elapsed time and lets the step rate fall when the run
/// stalls. Below `DashboardLayout.minimumWidth` x `minimumHeight` the frame holds only a
/// "terminal too small" notice, and any size down to 0x0 is drawn without trapping.
public func renderDashboard(
    history: RunHistory, view: ViewState, now: Double, width: Int, height: Int,
    options: RenderOptions = RenderOptions(), session: SessionStatus = SessionStatus(),
    overlay: RunOverlay? = nil
) -> Grid {
    var grid = Grid(width: width, height: height)
    let layout = DashboardLayout(
        width: width, height: height, groupCount: history.groupCount,
        showsOutput: view.showsOutput && session.outputLines != nil
    )
    guard !layout.isTooSmall else {
        drawTooSmallNotice(into: &grid)
        return grid
    }

    let context = RenderContext(
        history: history, view: view, session: session, now: now,
        glyphs: options.glyphs, theme: Theme(colour: options.colour), overlay: overlay
    )
    TitleBar(context: context).render(into: &grid, rect: layout.title)
    LossPanel(context: context).render(into: &grid, rect: layout.loss)
    RewardPanel(context: context).render(into: &grid, rect: layout.reward)
    GroupTable(context: context).render(into: &grid, rect: layout.groups)
    OutputPanel(context: context).render(into: &grid, rect: layout.output)
    StatusBar(context: context).render(into: &grid, rect: layout.status)
    BottomLine(context: context).render(into: &grid, rect: layout.hints)
    drawOverlay(view.overlay, context: context, into: &grid)
    return grid
}

/// Draws the help, the reset question or the quit question over the frame.
func drawOverlay(_ overlay: ViewState.Overlay, context: RenderContext, into grid: inout Grid) {
    switch overlay {
    case .none:
        break
    case .help:
        HelpOverlay(
            entries: context.session.replay != nil ? ReplayKeyBindings.all : KeyBindings.all,
            borderStyle: context.theme.overlayBorder, keyStyle: context.theme.header, textStyle: .plain
        ).render(into: &grid, bounds: grid.bounds, glyphs: context.glyphs)
    case .confirmResetAll:
        let count = context.history.groupCount
        ConfirmDialog(
            question: "Reset all \(count) group\(count == 1 ? "" : "s")?",
            borderStyle: context.theme.overlayBorder, textStyle: context.theme.title
        ).render(into: &grid, bounds: grid.bounds, glyphs: context.glyphs)
    case .confirmQuit:
        ConfirmDialog(
            question: "Stop the trainer?", choices: "y stop it, n leave it running, Esc cancel",
            borderStyle: context.theme.overlayBorder, textStyle: context.theme.title
        ).render(into: &grid, bounds: grid.bounds, glyphs: context.glyphs)
    }
}

/// Writes "terminal too small (need WxH)", wrapped at spaces and centred, cut to fit.
func drawTooSmallNotice(into grid: inout Grid) {
    let notice = "terminal too small (need \(DashboardLayout.minimumWidth)x\(DashboardLayout.minimumHeight))"
    let lines = wrapped(notice, width: grid.width).prefix(grid.height)
    let top = (grid.height - lines.count) / 2
    for (index, line) in lines.enumerated() {
        let x = max(0, (grid.width - displayWidth(line)) / 2)
        grid.put(line, x: x, y: top + index, style: .plain, clip: grid.bounds)
    }
}

/// Splits text into lines of at most `width` columns at spaces. A word longer than the
/// width is cut.
func wrapped(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }

    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        let word = truncated(String(word), toWidth: width)
        if current.isEmpty {
            current = word
        } else if displayWidth(current) + 1 + displayWidth(word) <= width {
            current += " " + word
        } else {
            lines.append(current)
            current = word
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
