/// The placement of each part of the dashboard on a screen of a given size.
///
/// From top to bottom: the title line, the loss chart, the reward chart, the group table,
/// the output panel when asked for, the status line and the key hints. The output panel
/// takes a quarter of the rows between the title and the status line (from 3 to 10
/// rows with its border), and only when at least 18 rows are there, so a small screen
/// keeps its charts. The group table takes at most two fifths of the rows that remain,
/// and the loss chart gets two thirds of what the table leaves.
public struct DashboardLayout: Sendable, Equatable {
    /// The smallest screen the dashboard is drawn on. Smaller ones get a notice instead.
    public static let minimumWidth = 48
    public static let minimumHeight = 14

    public let width: Int
    public let height: Int
    public let title: Rect
    public let loss: Rect
    public let reward: Rect
    public let groups: Rect
    /// The trainer's output panel; empty when not asked for or when the screen is short.
    public let output: Rect
    public let status: Rect
    public let hints: Rect

    /// The fewest rows between the title and the status line for an output panel.
    public static let minimumRowsForOutput = 18

    public init(width: Int, height: Int, groupCount: Int, showsOutput: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)

        let rowsBelowTitle = max(0, height - 3)
        let outputBox = showsOutput && rowsBelowTitle >= Self.minimumRowsForOutput
            ? min(10, max(3, rowsBelowTitle / 4))
            : 0
        let middle = rowsBelowTitle - outputBox
        let fullGroupBoxHeight = 3 + max(1, groupCount)
        let groupBox = min(fullGroupBoxHeight, max(4, middle * 2 / 5))
        let charts = max(0, middle - groupBox)
        let rewardBox = max(3, charts / 3)
        let lossBox = charts - rewardBox

        title = Rect(x: 0, y: 0, width: width, height: 1)
        loss = Rect(x: 0, y: 1, width: width, height: lossBox)
        reward = Rect(x: 0, y: loss.maxY, width: width, height: rewardBox)
        groups = Rect(x: 0, y: reward.maxY, width: width, height: groupBox)
        output = Rect(x: 0, y: groups.maxY, width: width, height: outputBox)
        status = Rect(x: 0, y: height - 2, width: width, height: 1)
        hints = Rect(x: 0, y: height - 1, width: width, height: 1)
    }

    public var isTooSmall: Bool {
        width < Self.minimumWidth || height < Self.minimumHeight
    }

    /// Group rows that fit in the table: its height less the border and the header row.
    /// Set `ViewState.groupPageSize` to this after a resize.
    public var groupRows: Int { isTooSmall ? 0 : max(0, groups.height - 3) }

    /// Output lines that fit in the output panel, inside its border.
    public var outputRows: Int { isTooSmall ? 0 : max(0, output.height - 2) }
}
