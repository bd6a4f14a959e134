/// Draws one frame of the race view into a new grid of `width` x `height` cells. The
/// frame has both runs' loss EMAs on one chart, the ratio brain/bare over time, the
/// brain run's groups, and a status line with both losses and the ratio.
///
/// A pure function of its arguments, like `renderDashboard`, with the same minimum
/// size and "terminal too small" notice below it. Keys act on the brain run, so the
/// key hints, the help and the reset question follow the brain run's state.
public func renderRace(
    race: RaceHistory, view: ViewState, now: Double, width: Int, height: Int,
    options: RenderOptions = RenderOptions()
) -> Grid {
    var grid = Grid(width: width, height: height)
    let layout = RaceLayout(width: width, height: height, groupCount: race.brain.groupCount)
    guard !layout.isTooSmall else {
        drawTooSmallNotice(into: &grid)
        return grid
    }

    let context = RenderContext(
        history: race.brain, view: view, session: SessionStatus(), now: now,
        glyphs: options.glyphs, theme: Theme(colour: options.colour)
    )
    RaceTitleBar(context: context, race: race).render(into: &grid, rect: layout.base.title)
    RaceLossPanel(context: context, race: race).render(into: &grid, rect: layout.loss)
    RatioPanel(context: context, race: race).render(into: &grid, rect: layout.ratio)
    GroupTable(context: context).render(into: &grid, rect: layout.base.groups)
    RaceStatusBar(context: context, race: race).render(into: &grid, rect: layout.base.status)
    BottomLine(context: context).render(into: &grid, rect: layout.base.hints)
    drawOverlay(view.overlay, context: context, into: &grid)
    return grid
}
