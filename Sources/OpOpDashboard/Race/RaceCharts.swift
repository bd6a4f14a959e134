/// The glyphs of a race's charts. The brain run draws as the first run of a replay
/// overlay and the bare run as the second, so `opop-top replay DIR/brain DIR/bare`
/// shows the race with the same glyphs.
enum RaceGlyphs {
    static func brain(_ glyphs: GlyphSet) -> Character { RunOverlay.legendGlyph(run: 0, glyphs: glyphs) }
    static func bare(_ glyphs: GlyphSet) -> Character { RunOverlay.legendGlyph(run: 1, glyphs: glyphs) }
    /// A cell where the bare run's point lands on the brain run's line. It is ASCII,
    /// so it is the same in both glyph sets, and no other glyph of the chart.
    static let both: Character = "#"
    /// The ASCII glyph of the reference line at ratio 1.
    static let parity: Character = "-"
}

extension RenderContext {
    /// Returns the brain run's style, or the bare run's.
    func raceStyle(_ side: RaceHistory.Side) -> Style {
        side == .brain ? theme.lossEMA : theme.overlayRun(1)
    }

    /// Returns the legend of both runs, "⣿ brain  + bare  # both", with each glyph shown
    /// even in braille, because without colour only the glyphs tell the curves apart.
    func raceLegend() -> [Span] {
        [
            Span("  \(RaceGlyphs.brain(glyphs)) brain", raceStyle(.brain)),
            Span("  \(RaceGlyphs.bare(glyphs)) bare", raceStyle(.bare)),
            Span("  \(RaceGlyphs.both) both", theme.label),
        ]
    }
}

/// The race's loss chart: the brain run's loss EMA as a line and the bare run's as one
/// point per cell column, on one axis, with the brain run's event markers. A point on
/// a cell of the line is drawn as `RaceGlyphs.both`, so the line never disappears
/// under the points. The right
/// title gives both runs' latest held-out metric.
struct RaceLossPanel {
    let context: RenderContext
    let race: RaceHistory

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme

        var title = [Span("Loss EMA", theme.boxTitle)] + context.raceLegend()
        if context.view.logScale { title.append(Span(" (log)", theme.boxTitle)) }

        var box = Box(title: title, rightTitle: evaluationTitle(), borderStyle: theme.border)
        let steps = context.chartSteps
        if let steps {
            box.bottomLeft = [Span("step \(steps.lowerBound)", theme.label)]
            box.bottomRight = [Span("\(steps.upperBound)", theme.label)]
        }
        let inside = box.render(into: &grid, rect: rect, glyphs: context.glyphs)
        guard !inside.isEmpty else { return }
        guard steps != nil else {
            context.placeholder("waiting for the first step", in: inside, grid: &grid)
            return
        }

        let plot = LineChart.plotRect(in: inside, rightAxis: false)
        let dataColumns = LineChart.dataColumns(plotWidth: plot.width, glyphs: context.glyphs)
        var chart = LineChart(logScale: context.view.logScale, labelStyle: theme.label, nonFiniteStyle: theme.nonFinite)
        chart.series = [
            ChartSeries(
                columns: context.columns(of: .lossEMA, count: dataColumns),
                shape: .line, style: context.raceStyle(.brain), asciiGlyph: RaceGlyphs.brain(context.glyphs)
            ),
            ChartSeries(
                columns: context.columns(of: .lossEMA, count: plot.width, in: race.bare),
                shape: .points, style: context.raceStyle(.bare), pointGlyph: RaceGlyphs.bare(context.glyphs),
                overlapGlyph: RaceGlyphs.both
            ),
        ]
        chart.markers = context.markers(width: plot.width)
        chart.render(into: &grid, rect: inside, glyphs: context.glyphs)
    }

    /// Returns "accuracy brain 0.9749 bare 0.9710" once either run has an evaluation.
    private func evaluationTitle() -> [Span] {
        guard let name = race.brain.evaluationName ?? race.bare.evaluationName else { return [] }

        var spans = [Span(context.display(name), context.theme.metric)]
        for side in RaceHistory.Side.allCases {
            let history = side == .brain ? race.brain : race.bare
            guard let value = history.latestValue(of: .evaluation) else { continue }
            spans.append(Span(" \(side == .brain ? "brain" : "bare") \(NumberFormatting.compact(value))", context.raceStyle(side)))
        }
        return spans
    }
}

/// The ratio chart: the brain run's loss EMA over the bare run's at each step, with a
/// dim reference line at 1. The title states that below 1 the brain is ahead, and the
/// right title gives the latest ratio and which run is ahead.
struct RatioPanel {
    let context: RenderContext
    let race: RaceHistory

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let box = Box(
            title: [
                Span("Ratio brain/bare", theme.boxTitle),
                Span(" of loss EMAs, below 1: brain ahead", theme.label),
            ],
            rightTitle: latestTitle(), borderStyle: theme.border
        )
        let inside = box.render(into: &grid, rect: rect, glyphs: context.glyphs)
        guard !inside.isEmpty else { return }
        guard let steps = context.chartSteps, !race.ratio.isEmpty else {
            context.placeholder("waiting for both runs to reach a step", in: inside, grid: &grid)
            return
        }

        let plot = LineChart.plotRect(in: inside, rightAxis: false)
        let dataColumns = LineChart.dataColumns(plotWidth: plot.width, glyphs: context.glyphs)
        let ratioColumns = race.ratio.columns(ColumnMapping(steps: steps, count: dataColumns))
        var parity = ColumnSummary()
        parity.add(1)

        var chart = LineChart(labelStyle: theme.label, nonFiniteStyle: theme.nonFinite)
        chart.series = [
            ChartSeries(
                columns: Array(repeating: parity, count: dataColumns),
                shape: .line, style: theme.parity, asciiGlyph: RaceGlyphs.parity
            ),
            ChartSeries(columns: ratioColumns, shape: .line, style: theme.ratio, asciiGlyph: "*"),
        ]
        chart.markers = context.markers(width: plot.width)
        chart.render(into: &grid, rect: inside, glyphs: context.glyphs)
    }

    /// Returns "0.9731 brain ahead", "1.0213 bare ahead", "1 even" or "both near 0".
    private func latestTitle() -> [Span] {
        if race.bothNearZero {
            return [Span("both near 0", context.theme.ratio)]
        }
        guard let ratio = race.latestRatio else { return [] }

        var verdict = "even"
        if ratio < 1 {
            verdict = "brain ahead"
        } else if ratio > 1 {
            verdict = "bare ahead"
        }
        return [Span("\(NumberFormatting.compact(ratio)) \(verdict)", context.theme.ratio)]
    }
}
