import OpOpTrace

/// One series of a panel: a run's buckets and how to stroke them.
struct PanelLine {
    var style: RunStyle
    var buckets: [DownsampledSeries.Bucket]
    var strokeWidth = 1.5
    var opacity = 1.0
    var showsRunMarkers = true
    /// Marks values at or below zero at the bottom edge when the panel is on a log scale.
    var marksNonPositive = true
}

/// An event tick to draw across a panel.
struct PanelMarker {
    var step: Int
    var kind: EventRecord.Kind
    var style: RunStyle
    /// The run's position among the runs that have events, which sets the row of its
    /// letters and the dash pattern of its lines.
    var slot: Int

    static let dashPatterns = ["3 3", "1 2", "6 2", "6 2 1 2"]
}

/// One chart rectangle: frame, axes with tick labels, lines, bad-value and event marks.
struct SVGPanel {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var title: String
    var steps: ClosedRange<Int>
    var logarithmic = false
    var showsStepLabels = true
    var showsEventLetters = true
    var tickFontSize = 10.0

    private var xScale: AxisScale {
        AxisScale.linear(Double(steps.lowerBound)...Double(steps.upperBound), pixels: (x, x + width), padded: false)
    }

    /// Appends the panel's elements to `out`.
    func draw(lines: [PanelLine], markers: [PanelMarker], into out: inout [String]) {
        let (yScale, titleNote) = makeYScale(lines)
        let c = SVGText.coordinate

        out.append("<g>")
        out.append("<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"#fafafa\" stroke=\"#999\" stroke-width=\"0.8\"/>")
        out.append("<text x=\"\(c(x))\" y=\"\(c(y - 5))\" font-weight=\"bold\">\(SVGText.escaped(title + titleNote))</text>")
        drawYTicks(yScale, into: &out)
        drawXTicks(into: &out)

        var lastLetterX: [Int: Double] = [:]
        for marker in markers {
            let position = xScale.pixel(Double(marker.step))
            let overlaps = lastLetterX[marker.slot].map { position - $0 < 9 } ?? false
            drawEvent(marker, at: position, showsLetter: showsEventLetters && !overlaps, into: &out)
            if showsEventLetters, !overlaps {
                lastLetterX[marker.slot] = position
            }
        }
        for line in lines {
            drawLine(line, yScale: yScale, into: &out)
        }
        for line in lines {
            drawNonFinite(line.buckets, into: &out)
            if yScale.isLogarithmic, line.marksNonPositive {
                drawNonPositive(line, into: &out)
            }
        }
        let buckets = lines.flatMap(\.buckets)
        if buckets.allSatisfy({ $0.finiteCount == 0 }) {
            let hasBadValues = buckets.contains { $0.nanStep != nil || $0.positiveInfinityStep != nil || $0.negativeInfinityStep != nil }
            let message = hasBadValues ? "no finite values" : "no values"
            out.append("<text x=\"\(c(x + width / 2))\" y=\"\(c(y + height / 2))\" text-anchor=\"middle\" fill=\"#666\">\(message)</text>")
        }
        out.append("</g>")
    }

    private func makeYScale(_ lines: [PanelLine]) -> (AxisScale, String) {
        let pixels = (y + height, y)
        var lowest = Double.infinity
        var highest = -Double.infinity
        for bucket in lines.flatMap(\.buckets) {
            for value in [bucket.minimum?.value, bucket.maximum?.value].compactMap({ $0 }) {
                lowest = min(lowest, value)
                highest = max(highest, value)
            }
        }
        guard lowest <= highest else {
            return (AxisScale.linear(0...1, pixels: pixels), "")
        }

        if logarithmic, let smallest = smallestPositive(lines) {
            let note = lowest > 0 ? " (log scale)" : " (log scale; values ≤ 0 marked at the bottom)"
            return (AxisScale.logarithmic(smallest...max(highest, smallest), pixels: pixels), note)
        }
        return (AxisScale.linear(lowest...highest, pixels: pixels), "")
    }

    private func smallestPositive(_ lines: [PanelLine]) -> Double? {
        var smallest: Double?
        for bucket in lines.flatMap(\.buckets) {
            for value in [bucket.minimum?.value, bucket.maximum?.value].compactMap({ $0 }) where value > 0 {
                smallest = min(smallest ?? value, value)
            }
        }
        return smallest
    }

    private func drawYTicks(_ scale: AxisScale, into out: inout [String]) {
        let c = SVGText.coordinate
        for value in scale.ticks(targetCount: height < 100 ? 3 : 5) {
            let position = scale.pixel(value)
            out.append("<line x1=\"\(c(x))\" y1=\"\(c(position))\" x2=\"\(c(x + width))\" y2=\"\(c(position))\" stroke=\"#e3e3e3\" stroke-width=\"0.6\"/>")
            out.append("<text x=\"\(c(x - 4))\" y=\"\(c(position + tickFontSize * 0.35))\" text-anchor=\"end\" font-size=\"\(c(tickFontSize))\">\(SVGText.escaped(SVGText.tick(value)))</text>")
        }
    }

    private func drawXTicks(into out: inout [String]) {
        let c = SVGText.coordinate
        let scale = xScale
        for value in scale.ticks(targetCount: width < 400 ? 3 : 8) where value == value.rounded() {
            let position = scale.pixel(value)
            out.append("<line x1=\"\(c(position))\" y1=\"\(c(y + height))\" x2=\"\(c(position))\" y2=\"\(c(y + height + 3))\" stroke=\"#666\" stroke-width=\"0.8\"/>")
            if showsStepLabels {
                out.append("<text x=\"\(c(position))\" y=\"\(c(y + height + 4 + tickFontSize))\" text-anchor=\"middle\" font-size=\"\(c(tickFontSize))\">\(SVGText.escaped(SVGText.tick(value)))</text>")
            }
        }
    }

    private func drawLine(_ line: PanelLine, yScale: AxisScale, into out: inout [String]) {
        let segments = polylineSegments(line.buckets, yScale: yScale)
        let dash = line.style.dashes.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let opacity = line.opacity < 1 ? " stroke-opacity=\"\(SVGText.coordinate(line.opacity))\"" : ""
        for segment in segments {
            let points = segment.map { "\(SVGText.coordinate($0.x)),\(SVGText.coordinate($0.y))" }.joined(separator: " ")
            out.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.style.colour)\" stroke-width=\"\(SVGText.coordinate(line.strokeWidth * line.style.widthFactor))\"\(dash)\(opacity) stroke-linejoin=\"round\"/>")
        }

        guard line.showsRunMarkers else { return }
        let all = segments.flatMap { $0 }
        let markerCount = min(6, all.count)
        for index in 0..<markerCount {
            let fraction = (Double(index) + line.style.markerPhase) / Double(markerCount)
            let point = all[Int((Double(all.count - 1) * fraction).rounded())]
            out.append(line.style.markerElement(x: point.x, y: point.y))
        }
    }

    /// Returns the points of each run of buckets with finite values, in step order; a
    /// bucket with only NaN or infinite values breaks the line.
    private func polylineSegments(
        _ buckets: [DownsampledSeries.Bucket], yScale: AxisScale
    ) -> [[(x: Double, y: Double)]] {
        let scale = xScale
        var segments: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for bucket in buckets {
            guard let minimum = bucket.minimum, let maximum = bucket.maximum else {
                if !current.isEmpty { segments.append(current) }
                current = []
                continue
            }

            let ordered = minimum.step <= maximum.step ? [minimum, maximum] : [maximum, minimum]
            for (index, point) in ordered.enumerated() where index == 0 || ordered[0] != ordered[1] {
                guard !yScale.isLogarithmic || point.value > 0 else {
                    if !current.isEmpty { segments.append(current) }
                    current = []
                    continue
                }
                current.append((scale.pixel(Double(point.step)), yScale.pixel(point.value)))
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    private func drawNonFinite(_ buckets: [DownsampledSeries.Bucket], into out: inout [String]) {
        let scale = xScale
        for bucket in buckets {
            if let step = bucket.nanStep {
                out.append(BadValueMark.nan(x: scale.pixel(Double(step)), y: y + 6))
            }
            if let step = bucket.positiveInfinityStep {
                out.append(BadValueMark.positiveInfinity(x: scale.pixel(Double(step)), y: y + 6))
            }
            if let step = bucket.negativeInfinityStep {
                out.append(BadValueMark.negativeInfinity(x: scale.pixel(Double(step)), y: y + height - 6))
            }
        }
    }

    /// Marks each bucket whose minimum is zero or below, which a log scale cannot place,
    /// with an open circle at the bottom edge.
    private func drawNonPositive(_ line: PanelLine, into out: inout [String]) {
        let scale = xScale
        for bucket in line.buckets {
            guard let minimum = bucket.minimum, minimum.value <= 0 else { continue }
            out.append(NonPositiveMark.element(x: scale.pixel(Double(minimum.step)), y: y + height - 4, colour: line.style.colour))
        }
    }

    /// Draws an event's line in its run's colour and dash pattern, and its letter in the
    /// run's row at the top unless `showsLetter` is false because letters would overlap.
    private func drawEvent(_ marker: PanelMarker, at position: Double, showsLetter: Bool, into out: inout [String]) {
        let c = SVGText.coordinate
        let dashes = PanelMarker.dashPatterns[marker.slot % PanelMarker.dashPatterns.count]
        out.append("<line x1=\"\(c(position))\" y1=\"\(c(y))\" x2=\"\(c(position))\" y2=\"\(c(y + height))\" stroke=\"\(marker.style.colour)\" stroke-width=\"1\" stroke-dasharray=\"\(dashes)\" stroke-opacity=\"0.8\"/>")
        if showsLetter {
            let letterY = y + 11 + 10 * Double(marker.slot % max(1, Int((height - 12) / 10)))
            out.append("<text x=\"\(c(min(position + 2, x + width - 8)))\" y=\"\(c(letterY))\" font-size=\"10\" font-weight=\"bold\" fill=\"\(marker.style.colour)\">\(EventLetters.letter(for: marker.kind))</text>")
        }
    }
}

/// The letters that mark events, as on the dashboard's charts.
enum EventLetters {
    static func letter(for kind: EventRecord.Kind) -> String {
        switch kind {
        case .freeze: return "F"
        case .unfreeze: return "U"
        case .reset: return "R"
        case .snapshot: return "S"
        default: return "E"
        }
    }
}

/// The shapes that mark NaN and infinite values at a panel's edge, drawn in black so
/// they read in greyscale and do not take a run's colour.
enum BadValueMark {
    static func nan(x: Double, y: Double) -> String {
        let c = SVGText.coordinate
        return "<path d=\"M\(c(x - 4)) \(c(y - 4))L\(c(x + 4)) \(c(y + 4))M\(c(x - 4)) \(c(y + 4))L\(c(x + 4)) \(c(y - 4))\" stroke=\"#000\" stroke-width=\"1.8\" fill=\"none\"/>"
    }

    static func positiveInfinity(x: Double, y: Double) -> String {
        let c = SVGText.coordinate
        return "<path d=\"M\(c(x)) \(c(y - 4))L\(c(x + 4)) \(c(y + 4))L\(c(x - 4)) \(c(y + 4))Z\" fill=\"#000\"/>"
    }

    static func negativeInfinity(x: Double, y: Double) -> String {
        let c = SVGText.coordinate
        return "<path d=\"M\(c(x)) \(c(y + 4))L\(c(x + 4)) \(c(y - 4))L\(c(x - 4)) \(c(y - 4))Z\" fill=\"#000\"/>"
    }
}

/// The open circle that marks a value at or below zero under a log scale.
enum NonPositiveMark {
    static func element(x: Double, y: Double, colour: String) -> String {
        let c = SVGText.coordinate
        return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"2.5\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\"/>"
    }
}
