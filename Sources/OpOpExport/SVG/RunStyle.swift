/// The colour, dash pattern and marker shape of one run's lines, which keep runs
/// distinguishable in greyscale print as well as in colour.
struct RunStyle {
    enum MarkerShape: CaseIterable {
        case circle, square, triangle, diamond, cross
    }

    let colour: String
    /// An SVG `stroke-dasharray` value, or nil for a solid line.
    let dashes: String?
    let marker: MarkerShape
    /// The factor on a line's stroke width. Earlier runs are drawn wider and underneath,
    /// so a later run on the same values leaves the earlier one showing at its edges.
    let widthFactor: Double
    /// The offset of this run's markers between evenly spaced positions along a line, 0 to
    /// 1, so the markers of runs with equal values do not cover each other.
    let markerPhase: Double

    /// Colours from the Okabe-Ito palette, chosen to stay apart for colour-blind readers.
    private static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    private static let dashPatterns: [String?] = [nil, "7 4", "2 3", "9 3 2 3", "4 2 1 2"]

    private static let widthFactors = [1.6, 1.0, 0.7]

    /// Returns the style of the run at `index` of `runCount`. Colours, dashes and markers
    /// cycle at different lengths, so the combination repeats only after 30 runs.
    static func style(at index: Int, of runCount: Int) -> RunStyle {
        RunStyle(
            colour: colours[index % colours.count],
            dashes: dashPatterns[index % dashPatterns.count],
            marker: MarkerShape.allCases[index % MarkerShape.allCases.count],
            widthFactor: widthFactors[index % widthFactors.count],
            markerPhase: (Double(index) + 0.5) / Double(max(1, runCount))
        )
    }

    /// Returns SVG for the marker shape centred at (x, y), `size` pixels across.
    func markerElement(x: Double, y: Double, size: Double = 7) -> String {
        let half = size / 2
        let c = SVGText.coordinate
        let fill = "fill=\"\(colour)\" stroke=\"#000\" stroke-width=\"0.6\""
        switch marker {
        case .circle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(half))\" \(fill)/>"
        case .square:
            return "<rect x=\"\(c(x - half))\" y=\"\(c(y - half))\" width=\"\(c(size))\" height=\"\(c(size))\" \(fill)/>"
        case .triangle:
            return "<path d=\"M\(c(x)) \(c(y - half))L\(c(x + half)) \(c(y + half))L\(c(x - half)) \(c(y + half))Z\" \(fill)/>"
        case .diamond:
            return "<path d=\"M\(c(x)) \(c(y - half))L\(c(x + half)) \(c(y))L\(c(x)) \(c(y + half))L\(c(x - half)) \(c(y))Z\" \(fill)/>"
        case .cross:
            return "<path d=\"M\(c(x - half)) \(c(y - half))L\(c(x + half)) \(c(y + half))M\(c(x - half)) \(c(y + half))L\(c(x + half)) \(c(y - half))\""
                + " stroke=\"\(colour)\" stroke-width=\"2\" fill=\"none\"/>"
        }
    }
}
