/// The ASCII glyph of each chart series. Braille charts distinguish them by style.
enum ChartGlyphs {
    static let rawLoss: Character = "."
    static let lossEMA: Character = "*"
    static let reward: Character = "."
    static let baseline: Character = "="
}

extension RenderContext {
    /// Returns one point series per overlaid run after the first: the run's `id`
    /// series, one point per cell column, with the run's glyph and style.
    func overlaySeries(_ id: SeriesID, plotWidth: Int) -> [ChartSeries] {
        guard let overlay else { return [] }

        return overlay.runs.indices.dropFirst().map { index in
            ChartSeries(
                columns: columns(of: id, count: plotWidth, in: overlay.runs[index].history),
                shape: .points, style: theme.overlayRun(index),
                pointGlyph: RunOverlay.legendGlyph(run: index, glyphs: glyphs)
            )
        }
    }

    /// Returns a legend entry: " name" with braille, and " g name" in ASCII, where only
    /// their glyphs distinguish the series.
    func legend(_ name: String, glyph: Character) -> String {
        glyphs.usesBraille ? " " + name : " \(glyph) " + name
    }
}

/// The loss chart: raw loss as a dim band of each column's range, its EMA as a solid
/// line on top, held-out evaluation points on a right-hand axis, and event markers.
struct LossPanel {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let history = context.chartHistory
        let glyphs = context.glyphs

        var title = [
            Span("Loss", theme.boxTitle),
            Span(context.legend("raw", glyph: ChartGlyphs.rawLoss), theme.rawLoss),
            Span(context.legend("EMA", glyph: ChartGlyphs.lossEMA), theme.lossEMA),
        ]
        if context.view.logScale { title.append(Span(" (log)", theme.boxTitle)) }

        var rightTitle: [Span] = []
        let evaluationName = history.evaluationName.map(context.display)
        if let evaluationName, let value = history.latestValue(of: .evaluation) {
            rightTitle = [Span("\(glyphs.point) \(evaluationName) \(NumberFormatting.compact(value))", theme.metric)]
        }

        var box = Box(title: title, rightTitle: rightTitle, borderStyle: theme.border)
        if let steps = context.chartSteps {
            box.bottomLeft = [Span("step \(steps.lowerBound)", theme.label)]
            box.bottomRight = [Span("\(steps.upperBound)", theme.label)]
        }
        let inside = box.render(into: &grid, rect: rect, glyphs: glyphs)
        guard !inside.isEmpty else { return }
        guard context.chartSteps != nil else {
            context.placeholder("waiting for the first step", in: inside, grid: &grid)
            return
        }

        let hasEvaluation = history.series(.evaluation)?.isEmpty == false
        let plot = LineChart.plotRect(in: inside, rightAxis: hasEvaluation)
        let dataColumns = LineChart.dataColumns(plotWidth: plot.width, glyphs: glyphs)
        var chart = LineChart(logScale: context.view.logScale, labelStyle: theme.label, nonFiniteStyle: theme.nonFinite)
        chart.series = [
            ChartSeries(
                columns: context.columns(of: .loss, count: dataColumns),
                shape: .band, style: theme.rawLoss, asciiGlyph: ChartGlyphs.rawLoss
            ),
            ChartSeries(
                columns: context.columns(of: .lossEMA, count: dataColumns),
                shape: .line, style: theme.lossEMA, asciiGlyph: ChartGlyphs.lossEMA
            ),
        ]
        if hasEvaluation {
            chart.series.append(ChartSeries(
                columns: context.columns(of: .evaluation, count: plot.width),
                shape: .points, style: theme.metric, pointGlyph: glyphs.point, axis: .right
            ))
        }
        chart.series += context.overlaySeries(.lossEMA, plotWidth: plot.width)
        chart.markers = context.markers(width: plot.width)
        chart.render(into: &grid, rect: inside, glyphs: glyphs)
    }
}

/// The reward chart: the REINFORCE reward's mean per column and the brain's baseline,
/// with the same event markers as the loss chart.
///
/// The reward is drawn by its column means, not its range: minibatch rewards swing
/// between the clamps on every step, and a range would fill the whole plot.
struct RewardPanel {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let history = context.chartHistory
        let glyphs = context.glyphs

        var rightTitle: [Span] = []
        if let reward = history.latestValue(of: .reward) {
            rightTitle.append(Span("reward \(NumberFormatting.compact(reward))", theme.reward))
        }
        if let baseline = history.latestValue(of: .baseline) {
            if !rightTitle.isEmpty { rightTitle.append(Span("  ")) }
            rightTitle.append(Span("baseline \(NumberFormatting.compact(baseline))", theme.baseline))
        }

        let box = Box(
            title: [
                Span("Reward", theme.boxTitle),
                Span(context.legend("mean", glyph: ChartGlyphs.reward), theme.reward),
                Span(context.legend("baseline", glyph: ChartGlyphs.baseline), theme.baseline),
            ],
            rightTitle: rightTitle, borderStyle: theme.border
        )
        let inside = box.render(into: &grid, rect: rect, glyphs: glyphs)
        guard !inside.isEmpty else { return }
        let runs = context.overlay?.runs.map(\.history) ?? [history]
        guard runs.contains(where: { $0.series(.reward)?.isEmpty == false || $0.series(.baseline)?.isEmpty == false }) else {
            // A run without a brain never gets a reward, so "yet" would promise one.
            let hasBrain = runs.contains { $0.brainState != .absent }
            context.placeholder(hasBrain ? "no reward yet" : "no reward: the run has no brain", in: inside, grid: &grid)
            return
        }

        let plot = LineChart.plotRect(in: inside, rightAxis: false)
        let dataColumns = LineChart.dataColumns(plotWidth: plot.width, glyphs: glyphs)
        var chart = LineChart(labelStyle: theme.label, nonFiniteStyle: theme.nonFinite)
        chart.series = [
            ChartSeries(
                columns: context.columns(of: .reward, count: dataColumns),
                shape: .line, style: theme.reward, asciiGlyph: ChartGlyphs.reward
            ),
            ChartSeries(
                columns: context.columns(of: .baseline, count: dataColumns),
                shape: .line, style: theme.baseline, asciiGlyph: ChartGlyphs.baseline
            ),
        ]
        chart.series += context.overlaySeries(.reward, plotWidth: plot.width)
        chart.markers = context.markers(width: plot.width)
        chart.render(into: &grid, rect: inside, glyphs: glyphs)
    }
}
