/// The placement of each part of the race view: the dashboard's layout, with the
/// reward chart's place given to the ratio chart.
///
/// The two charts share the rows that `DashboardLayout` gives its loss and reward
/// charts. The ratio chart takes two fifths of them (at least 3 rows), a little more
/// than the reward chart, because its line is what a race is read by. The title,
/// group table, status line and key hints stay where the dashboard puts them.
public struct RaceLayout: Sendable, Equatable {
    public let base: DashboardLayout
    public let loss: Rect
    public let ratio: Rect

    public init(width: Int, height: Int, groupCount: Int) {
        base = DashboardLayout(width: width, height: height, groupCount: groupCount)

        let charts = base.loss.height + base.reward.height
        let ratioBox = min(charts, max(3, charts * 2 / 5))
        loss = Rect(x: base.loss.x, y: base.loss.y, width: base.loss.width, height: charts - ratioBox)
        ratio = Rect(x: base.loss.x, y: loss.maxY, width: base.loss.width, height: ratioBox)
    }

    public var isTooSmall: Bool { base.isTooSmall }

    /// Group rows that fit in the table; set `ViewState.groupPageSize` to this.
    public var groupRows: Int { base.groupRows }
}
