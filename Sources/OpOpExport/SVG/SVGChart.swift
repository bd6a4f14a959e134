import OpOpDashboard
import OpOpTrace

/// Renders runs as one SVG picture: loss and its moving average, the held-out metric,
/// reward and baseline, and each group's knobs
/// as small multiples, with event ticks and a legend.
///
/// Several runs overlay their curves on shared step axes. Each run has its own colour,
/// dash pattern and marker shape, so the picture also reads in greyscale. NaN and
/// infinite values are left out of the axis ranges and marked at the panel edges. The
/// output is deterministic: the same runs always give the same bytes.
public struct SVGChart: Sendable {
    /// A run to draw and its name in the legend.
    public struct Run: Sendable {
        public var label: String
        public var data: RunChartData

        public init(label: String, data: RunChartData) {
            self.label = label
            self.data = data
        }
    }

    /// The scale of the loss panel; `.automatic` uses a log scale when most finite
    /// losses are above zero.
    public var lossScale: LossScale
    /// The maximum number of group rows drawn; a line of text counts the groups left out.
    public var maxGroupPanels: Int

    public init(lossScale: LossScale = .automatic, maxGroupPanels: Int = 12) {
        self.lossScale = lossScale
        self.maxGroupPanels = max(0, maxGroupPanels)
    }

    static let width = 960.0
    static let left = 70.0
    static let right = 24.0
    static let plotWidth = width - left - right
    static let mainPanelPoints = 1_000
    static let knobColumnGap = 56.0
    /// The widest title in display columns that fits the picture at the title's font size.
    static let titleMaxColumns = 80

    /// Returns the SVG document, ending in a line feed.
    public func render(_ runs: [Run]) -> String {
        var body: [String] = []
        var cursor = 30.0
        let steps = stepRange(runs)
        let styles = runs.indices.map { RunStyle.style(at: $0, of: runs.count) }

        let logarithmic = usesLogScale(runs)
        let marksNonPositive = logarithmic && runs.contains { $0.data.nonPositiveLossCount > 0 }
        body.append("<text x=\"\(SVGText.coordinate(Self.left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(SVGText.escaped(title(runs)))</text>")
        cursor = SVGLegend.draw(
            runs: runs.map { SVGLegend.Entry(label: $0.label, eventCounts: Self.eventCounts($0.data.markers)) },
            styles: styles, showsNonPositiveKey: marksNonPositive, top: cursor, into: &body
        )

        guard let steps else {
            body.append("<text x=\"\(SVGText.coordinate(Self.left))\" y=\"\(SVGText.coordinate(cursor + 20))\">no steps to draw</text>")
            return document(body, height: cursor + 40)
        }

        cursor += 22
        cursor = drawLoss(runs, styles: styles, steps: steps, logarithmic: logarithmic, top: cursor, into: &body)
        cursor = drawEvaluation(runs, styles: styles, steps: steps, top: cursor, into: &body)
        cursor += 40
        cursor = drawReward(runs, styles: styles, steps: steps, top: cursor, into: &body)
        cursor += 30
        cursor = drawGroups(runs, styles: styles, steps: steps, top: cursor, into: &body)
        return document(body, height: cursor + 20)
    }

    /// Returns "F 1, U 1, R 2" for the markers' kinds, in the legend's order, or nil
    /// when there are none.
    private static func eventCounts(_ markers: [RunChartData.Marker]) -> String? {
        let parts = RunChartData.markedKinds.compactMap { kind -> String? in
            let count = markers.filter { $0.kind == kind }.count
            return count > 0 ? "\(EventLetters.letter(for: kind)) \(count)" : nil
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private func usesLogScale(_ runs: [Run]) -> Bool {
        let finite = runs.map(\.data.finiteLossCount).reduce(0, +)
        let nonPositive = runs.map(\.data.nonPositiveLossCount).reduce(0, +)
        return lossScale.usesLogarithm(finiteCount: finite, nonPositiveCount: nonPositive)
    }

    /// Returns "opop-top: A vs B" for two runs whose names fit one line, the one name cut
    /// to fit for one run, and otherwise "opop-top: N runs", because the legend lists every name.
    private func title(_ runs: [Run]) -> String {
        let names = runs.map(\.label)
        guard !names.isEmpty else { return "opop-top: no runs" }

        let joined = "opop-top: " + names.joined(separator: " vs ")
        if names.count == 1 || (names.count == 2 && displayWidth(joined) <= Self.titleMaxColumns) {
            return truncated(joined, toWidth: Self.titleMaxColumns, ellipsis: "…")
        }
        return "opop-top: \(names.count) runs"
    }

    private func document(_ body: [String], height: Double) -> String {
        let c = SVGText.coordinate
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(Self.width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        ]
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func stepRange(_ runs: [Run]) -> ClosedRange<Int>? {
        let firsts = runs.compactMap(\.data.firstStep)
        let lasts = runs.compactMap(\.data.lastStep)
        guard let first = firsts.min(), let last = lasts.max() else { return nil }
        return first...max(last, first + 1)
    }

    /// Returns the event markers of every run, or with `group` set only the events of
    /// runs that have that group, for the whole run or for that group.
    private func markers(_ runs: [Run], styles: [RunStyle], group: String? = nil) -> [PanelMarker] {
        var result: [PanelMarker] = []
        var slot = 0
        for (run, style) in zip(runs, styles) where !run.data.markers.isEmpty {
            defer { slot += 1 }
            if let group, !(run.data.header?.groupNames.contains(group) ?? false) { continue }

            for marker in run.data.markers where group == nil || marker.group == nil || marker.group == group {
                result.append(PanelMarker(step: marker.step, kind: marker.kind, style: style, slot: slot))
            }
        }
        return result
    }

    private func drawLoss(
        _ runs: [Run], styles: [RunStyle], steps: ClosedRange<Int>, logarithmic: Bool, top: Double,
        into body: inout [String]
    ) -> Double {
        let hasLosses = runs.contains { $0.data.finiteLossCount > 0 }
        let scaleNote = lossScale == .automatic && !logarithmic && hasLosses ? " (linear: most losses ≤ 0)" : ""
        let panel = SVGPanel(
            x: Self.left, y: top, width: Self.plotWidth, height: 230,
            title: "loss (thin) and its moving average (thick)" + scaleNote, steps: steps,
            logarithmic: logarithmic
        )
        var lines: [PanelLine] = []
        for (run, style) in zip(runs, styles) {
            lines.append(PanelLine(
                style: style, buckets: run.data.loss.buckets(atMost: Self.mainPanelPoints),
                strokeWidth: 0.7, opacity: 0.5, showsRunMarkers: false
            ))
            lines.append(PanelLine(
                style: style, buckets: run.data.lossAverage.buckets(atMost: Self.mainPanelPoints),
                strokeWidth: 2.2, marksNonPositive: false
            ))
        }
        panel.draw(lines: lines, markers: markers(runs, styles: styles), into: &body)
        drawOmittedMarkerNote(runs, x: Self.left + Self.plotWidth, y: top - 5, into: &body)
        return top + 230
    }

    /// Draws the held-out evaluation metric of the runs that have one, and returns the
    /// y position under it, or `top` when no run has evaluations.
    private func drawEvaluation(
        _ runs: [Run], styles: [RunStyle], steps: ClosedRange<Int>, top: Double, into body: inout [String]
    ) -> Double {
        let names = Set(runs.compactMap(\.data.evaluationName))
        guard !names.isEmpty else { return top }

        let title = names.count == 1 ? "held-out \(names.first ?? "")" : "held-out evaluation (each run's first metric)"
        let panel = SVGPanel(
            x: Self.left, y: top + 40, width: Self.plotWidth, height: 100, title: title, steps: steps
        )
        let lines = zip(runs, styles).map { run, style in
            PanelLine(style: style, buckets: run.data.evaluation.buckets(atMost: Self.mainPanelPoints), strokeWidth: 1.5)
        }
        panel.draw(lines: lines, markers: markers(runs, styles: styles), into: &body)
        return top + 140
    }

    private func drawReward(
        _ runs: [Run], styles: [RunStyle], steps: ClosedRange<Int>, top: Double, into body: inout [String]
    ) -> Double {
        let panel = SVGPanel(
            x: Self.left, y: top, width: Self.plotWidth, height: 150,
            title: "reward (thin) and baseline (thick)", steps: steps
        )
        var lines: [PanelLine] = []
        for (run, style) in zip(runs, styles) {
            lines.append(PanelLine(
                style: style, buckets: run.data.reward.buckets(atMost: Self.mainPanelPoints),
                strokeWidth: 0.7, opacity: 0.55, showsRunMarkers: false
            ))
            lines.append(PanelLine(
                style: style, buckets: run.data.baseline.buckets(atMost: Self.mainPanelPoints), strokeWidth: 2.2
            ))
        }
        panel.draw(lines: lines, markers: markers(runs, styles: styles), into: &body)
        return top + 150
    }

    private func drawGroups(
        _ runs: [Run], styles: [RunStyle], steps: ClosedRange<Int>, top: Double, into body: inout [String]
    ) -> Double {
        let names = CSVExporter<StringOutput>.groupColumns(for: runs.compactMap(\.data.header))
        guard !names.isEmpty else {
            body.append("<text x=\"\(SVGText.coordinate(Self.left))\" y=\"\(SVGText.coordinate(top + 12))\">no parameter groups</text>")
            return top + 20
        }

        let shown = Array(names.prefix(maxGroupPanels))
        let cellWidth = (Self.plotWidth - 2 * Self.knobColumnGap) / 3
        let cellHeight = 62.0
        let rowHeight = cellHeight + 34
        var cursor = top
        for (row, name) in shown.enumerated() {
            body.append("<text x=\"4\" y=\"\(SVGText.coordinate(cursor + 2))\" font-weight=\"bold\" font-size=\"12\">\(SVGText.label(name, maxWidth: 120))</text>")
            for (column, knob) in ["scale", "clip", "dampen"].enumerated() {
                let panel = SVGPanel(
                    x: Self.left + Double(column) * (cellWidth + Self.knobColumnGap), y: cursor + 18,
                    width: cellWidth, height: cellHeight, title: knob, steps: steps,
                    showsStepLabels: row == shown.count - 1, showsEventLetters: false, tickFontSize: 9
                )
                let lines = zip(runs, styles).compactMap { run, style -> PanelLine? in
                    guard let group = run.data.groups.first(where: { $0.name == name }) else { return nil }
                    let series = [group.scale, group.clip, group.dampen][column]
                    return PanelLine(style: style, buckets: series.buckets(atMost: Int(cellWidth)), strokeWidth: 1.2)
                }
                panel.draw(lines: lines, markers: markers(runs, styles: styles, group: name), into: &body)
            }
            cursor += rowHeight
        }

        let leftOut = names.count - shown.count
        if leftOut > 0 {
            body.append("<text x=\"\(SVGText.coordinate(Self.left))\" y=\"\(SVGText.coordinate(cursor + 8))\" font-style=\"italic\">\(shown.count) of \(names.count) groups shown; \(leftOut) more left out</text>")
            cursor += 16
        }
        body.append("<text x=\"\(SVGText.coordinate(Self.left + Self.plotWidth / 2))\" y=\"\(SVGText.coordinate(cursor + 12))\" text-anchor=\"middle\">step</text>")
        return cursor + 20
    }

    private func drawOmittedMarkerNote(_ runs: [Run], x: Double, y: Double, into body: inout [String]) {
        let omitted = runs.map(\.data.omittedMarkerCount).reduce(0, +)
        guard omitted > 0 else { return }
        body.append("<text x=\"\(SVGText.coordinate(x))\" y=\"\(SVGText.coordinate(y))\" text-anchor=\"end\" font-style=\"italic\">\(omitted) event markers not drawn</text>")
    }
}
