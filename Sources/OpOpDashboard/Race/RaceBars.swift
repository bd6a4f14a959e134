/// The race's title line: workload, optimizer and learning rate, and the race's name,
/// with the time window on the right when it fits.
struct RaceTitleBar {
    let context: RenderContext
    let race: RaceHistory

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let separator = context.glyphs.separator
        var spans = [Span("opop-top", theme.title)]

        if let header = race.brain.header ?? race.bare.header {
            var optimizer = context.display(header.optimizer)
            if let rate = header.optimizerSettings["lr"] {
                optimizer += " lr=" + NumberFormatting.compact(rate, width: 8)
            }
            spans.append(Span(separator + context.display(header.workload), theme.title))
            spans.append(Span(separator + optimizer))
            spans.append(Span(separator + context.display(race.name ?? header.runName), theme.label))
        } else {
            spans.append(Span(separator + "waiting for the trace headers", theme.label))
        }

        let window = Label("window " + TimeWindow.label(context.window), style: theme.label)
        let windowStart = rect.maxX - window.width
        grid.fill(rect)
        if windowStart > rect.x + Label(spans).width + 1 {
            window.render(into: &grid, rect: Rect(x: windowStart, y: rect.y, width: window.width, height: 1))
            Label(spans).render(into: &grid, rect: rect)
        } else {
            Label(spans, ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: rect)
        }
    }
}

/// The race's status line, cut at the right edge. It shows the step both runs have
/// reached, the step rate, the elapsed time and both latest losses. Then come the
/// brain's state and updates, bad steps when there are any, and the brain run's latest
/// message.
struct RaceStatusBar {
    let context: RenderContext
    let race: RaceHistory

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let brain = race.brain
        var spans: [Span] = []

        if context.view.isPaused {
            spans += [Span(" PAUSED ", theme.paused), Span(" ")]
        }
        spans.append(Span("step " + (race.commonStep.map { "\($0)" } ?? "-")))
        if brain.hasEnded {
            spans.append(Span("  ended", theme.label))
        } else {
            let rate = brain.stepsPerSecond(now: context.now).map(NumberFormatting.rate) ?? "--"
            spans.append(Span("  \(rate) steps/s"))
        }
        let elapsed = brain.elapsedSeconds(now: context.now).map(NumberFormatting.duration) ?? "--"
        spans.append(Span("  \(elapsed)"))

        for side in RaceHistory.Side.allCases {
            let history = side == .brain ? race.brain : race.bare
            guard let loss = history.latestLoss else { continue }
            spans.append(Span(side == .brain ? "  brain " : "  bare ", context.raceStyle(side)))
            spans.append(Span(NumberFormatting.compact(loss), loss.isFinite ? theme.plain : theme.warning))
        }

        if !brain.hasEnded {
            let state = brain.brainState == .frozen ? " FROZEN " : " LEARNING "
            spans += [Span(" "), Span(state, theme.brainState(brain.brainState))]
        }
        spans.append(Span("  updates \(NumberFormatting.count(brain.brainUpdateCount))"))
        let badSteps = brain.badStepCount + race.bare.badStepCount
        if badSteps > 0 {
            spans.append(Span("  bad brain \(NumberFormatting.count(brain.badStepCount)) bare \(NumberFormatting.count(race.bare.badStepCount))", theme.warning))
        }
        if let message = brain.lastEvent?.message, !message.isEmpty {
            spans.append(Span("  " + context.display(message), theme.message))
        }

        grid.fill(rect.row(0))
        Label(spans, ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: rect.row(0))
    }
}
