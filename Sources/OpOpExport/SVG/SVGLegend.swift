/// The legend: one row per run with its line style, then a key to the event letters and
/// bad-value marks.
enum SVGLegend {
    /// A run's row: its name, and its event counts when it has events.
    struct Entry {
        var label: String
        var eventCounts: String?
    }

    /// Appends the legend below `top` and returns the y position under it.
    static func draw(
        runs: [Entry], styles: [RunStyle], showsNonPositiveKey: Bool, top: Double, into out: inout [String]
    ) -> Double {
        let c = SVGText.coordinate
        var cursor = top
        for (entry, style) in zip(runs, styles) {
            let y = cursor + 8
            let dash = style.dashes.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out.append("<line x1=\"\(c(SVGChart.left))\" y1=\"\(c(y))\" x2=\"\(c(SVGChart.left + 44))\" y2=\"\(c(y))\" stroke=\"\(style.colour)\" stroke-width=\"\(c(2 * style.widthFactor))\"\(dash)/>")
            out.append(style.markerElement(x: SVGChart.left + 22, y: y))
            out.append("<text x=\"\(c(SVGChart.left + 52))\" y=\"\(c(y + 4))\">\(SVGText.label(entry.label, maxWidth: 120))\(eventSuffix(entry))</text>")
            cursor += 16
        }

        let y = cursor + 8
        var x = SVGChart.left
        for (letter, meaning) in [("F", "freeze"), ("U", "unfreeze"), ("R", "reset"), ("S", "snapshot")] {
            out.append("<text x=\"\(c(x))\" y=\"\(c(y + 4))\"><tspan font-weight=\"bold\">\(letter)</tspan> \(meaning)</text>")
            x += 78
        }
        x += 20
        let marks = [
            (BadValueMark.nan(x: x + 4, y: y), "NaN"),
            (BadValueMark.positiveInfinity(x: x + 94, y: y), "+infinity"),
            (BadValueMark.negativeInfinity(x: x + 204, y: y), "-infinity"),
        ]
        for (index, (mark, meaning)) in marks.enumerated() {
            out.append(mark)
            out.append("<text x=\"\(c(x + 12 + [0, 90, 200][index]))\" y=\"\(c(y + 4))\">\(meaning)</text>")
        }
        if showsNonPositiveKey {
            out.append(NonPositiveMark.element(x: x + 304, y: y, colour: "#000"))
            out.append("<text x=\"\(c(x + 312))\" y=\"\(c(y + 4))\">loss ≤ 0 (log scale)</text>")
        }
        return cursor + 16
    }

    private static func eventSuffix(_ entry: Entry) -> String {
        guard let counts = entry.eventCounts else { return "" }
        return "<tspan dx=\"8\" fill=\"#555\">events: \(SVGText.escaped(counts))</tspan>"
    }
}
