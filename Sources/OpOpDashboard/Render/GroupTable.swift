/// One row per parameter group: name, the current scale, clip and dampen with a
/// sparkline of each, and the gradient norm when there is room. The table scrolls to
/// keep the selected group visible. The selected row is drawn in reverse video with a
/// ">" in front, so it shows without colour too.
struct GroupTable {
    let context: RenderContext

    /// A knob column: its header, the width of its value and how to format the value.
    private enum Column: CaseIterable {
        case scale, clip, dampen, gradientNorm

        var header: String {
            switch self {
            case .scale: return "scale"
            case .clip: return "clip"
            case .dampen: return "dampen"
            case .gradientNorm: return "grad"
            }
        }

        var valueWidth: Int {
            switch self {
            case .scale, .clip: return 5
            case .dampen: return 4
            case .gradientNorm: return 6
            }
        }

        func series(group: Int) -> SeriesID {
            switch self {
            case .scale: return .scale(group: group)
            case .clip: return .clip(group: group)
            case .dampen: return .dampen(group: group)
            case .gradientNorm: return .gradientNorm(group: group)
            }
        }

        func format(_ value: Double) -> String {
            switch self {
            case .scale, .clip: return GroupTable.multiplier(value)
            case .dampen: return GroupTable.fraction(value)
            case .gradientNorm: return NumberFormatting.compact(value)
            }
        }
    }

    private static let columns = Column.allCases
    private static let markerWidth = 2
    private static let gap = 2
    private static let minimumSparkWidth = 4

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let glyphs = context.glyphs
        let groupCount = context.history.groupCount
        let visibleRows = max(0, rect.height - 3)
        let offset = context.view.scrollOffset(visibleRows: visibleRows, groupCount: groupCount)

        var box = Box(title: [Span("Groups", theme.boxTitle)], borderStyle: theme.border)
        if groupCount > 0 && visibleRows > 0 {
            let last = min(groupCount, offset + visibleRows)
            var position = "\(offset + 1)-\(last) of \(groupCount)"
            if offset > 0 { position += " \(glyphs.scrollUp)" }
            if last < groupCount { position += " \(glyphs.scrollDown)" }
            box.rightTitle = [Span(position, theme.label)]
        }
        let inside = box.render(into: &grid, rect: rect, glyphs: glyphs)
        guard !inside.isEmpty else { return }
        guard groupCount > 0 else {
            context.placeholder("waiting for the first step", in: inside, grid: &grid)
            return
        }

        let names = context.history.groupNames.map(context.display)
        let layout = RowLayout(width: inside.width, longestName: names.map(displayWidth).max() ?? 0)
        drawHeader(layout, grid: &grid, row: inside.row(0))

        for index in 0..<min(visibleRows, groupCount - offset) {
            let group = offset + index
            drawRow(group, name: names[group], layout: layout, grid: &grid, row: inside.row(index + 1))
        }
    }

    /// Column widths for a table `width` cells wide.
    private struct RowLayout {
        let nameWidth: Int
        let columnCount: Int
        let sparkWidth: Int

        init(width: Int, longestName: Int) {
            nameWidth = min(max(longestName, 5), 16, max(5, width / 4))
            let available = width - GroupTable.markerWidth - nameWidth

            var count = GroupTable.columns.count
            var spark = 0
            while count > 0 {
                let fixed = GroupTable.columns.prefix(count).reduce(0) { $0 + GroupTable.gap + $1.valueWidth + 1 }
                spark = (available - fixed) / count
                if spark >= GroupTable.minimumSparkWidth || count == 3 { break }
                count -= 1
            }
            columnCount = count
            sparkWidth = max(0, spark)
        }

        /// Returns the x offset of knob column `index` within the row.
        func start(ofColumn index: Int) -> Int {
            var x = GroupTable.markerWidth + nameWidth
            for column in GroupTable.columns.prefix(index) {
                x += GroupTable.gap + column.valueWidth + 1 + sparkWidth
            }
            return x + GroupTable.gap
        }
    }

    private func drawHeader(_ layout: RowLayout, grid: inout Grid, row: Rect) {
        let style = context.theme.header
        Label(leftAligned("name", width: layout.nameWidth), style: style)
            .render(into: &grid, rect: row.inset(left: Self.markerWidth))
        for (index, column) in Self.columns.prefix(layout.columnCount).enumerated() {
            let x = row.x + layout.start(ofColumn: index)
            Label(column.header, style: style)
                .render(into: &grid, rect: Rect(x: x, y: row.y, width: row.maxX - x, height: 1))
        }
    }

    private func drawRow(_ group: Int, name: String, layout: RowLayout, grid: inout Grid, row: Rect) {
        let theme = context.theme
        let history = context.history
        let isSelected = group == min(max(context.view.selectedGroup, 0), history.groupCount - 1)

        grid.put(isSelected ? ">" : " ", x: row.x, y: row.y, style: theme.plain, clip: row)
        let nameRect = Rect(x: row.x + Self.markerWidth, y: row.y, width: layout.nameWidth, height: 1)
        Label(name, ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: nameRect.intersection(row))

        for (index, column) in Self.columns.prefix(layout.columnCount).enumerated() {
            let id = column.series(group: group)
            let x = row.x + layout.start(ofColumn: index)
            let valueRect = Rect(x: x, y: row.y, width: column.valueWidth, height: 1).intersection(row)
            let value = history.latestValue(of: id).map(column.format) ?? "-"
            Label(rightAligned(value, width: column.valueWidth)).render(into: &grid, rect: valueRect)

            guard layout.sparkWidth > 0 else { continue }
            let sparkRect = Rect(x: x + column.valueWidth + 1, y: row.y, width: layout.sparkWidth, height: 1)
            Sparkline(
                columns: history.columns(of: id, window: context.window, count: layout.sparkWidth),
                style: theme.knob, nonFiniteStyle: theme.nonFinite
            ).render(into: &grid, rect: sparkRect.intersection(row), glyphs: context.glyphs)
        }

        if isSelected {
            grid.addAttributes(.reverse, in: row)
        }
    }

    /// Formats a multiplier knob: "0.01x", "1.00x", "10.0x".
    private static func multiplier(_ value: Double) -> String {
        guard value.isFinite else { return NumberFormatting.compact(value) }
        return abs(value) < 9.995 ? NumberFormatting.fixed(value, decimals: 2) + "x" : NumberFormatting.compact(value, width: 5) + "x"
    }

    /// Formats the dampen knob, between 0 and 1: "0.25".
    private static func fraction(_ value: Double) -> String {
        guard value.isFinite else { return NumberFormatting.compact(value) }
        return NumberFormatting.fixed(value, decimals: 2)
    }
}
