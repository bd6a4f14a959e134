/// The characters the dashboard draws with: Unicode (block, braille, box drawing) or a
/// pure ASCII fallback for terminals in the C locale.
///
/// Every glyph must be one column wide, because widgets place glyphs without measuring
/// them.
public struct GlyphSet: Sendable, Equatable {
    /// True to draw charts in braille with 2x4 dots per cell, false for one point per cell.
    public var usesBraille: Bool
    /// Eight sparkline levels, lowest first.
    public var sparkLevels: [Character]
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Marks a chart column or sparkline cell that contains NaN or infinite values.
    public var nonFinite: Character
    /// Draws an evaluation point on the loss chart.
    public var point: Character
    /// Ends a cut title or message.
    public var ellipsis: Character
    /// Separates fields of the title line.
    public var separator: String
    public var scrollUp: Character
    public var scrollDown: Character
    /// Stands for the space bar in the key hints.
    public var spaceKey: String

    public static let unicode = GlyphSet(
        usesBraille: true,
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        horizontal: "─", vertical: "│",
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        nonFinite: "×", point: "•", ellipsis: "…", separator: " · ",
        scrollUp: "↑", scrollDown: "↓", spaceKey: "␣"
    )

    public static let ascii = GlyphSet(
        usesBraille: false,
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"],
        horizontal: "-", vertical: "|",
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        nonFinite: "x", point: "o", ellipsis: "~", separator: " | ",
        scrollUp: "^", scrollDown: "v", spaceKey: "Spc"
    )

    /// Chart points per cell, horizontally and vertically.
    public var dotsPerCell: (x: Int, y: Int) { usesBraille ? (2, 4) : (1, 1) }

    /// True when every glyph is ASCII, so text must be made ASCII too.
    public var isASCII: Bool { !usesBraille }
}

/// How to draw a frame: which characters and whether to use colour.
public struct RenderOptions: Sendable, Equatable {
    public var glyphs: GlyphSet
    /// False for `NO_COLOR` and monochrome terminals, where attributes still distinguish
    /// the series.
    public var colour: Bool

    public init(glyphs: GlyphSet = .unicode, colour: Bool = true) {
        self.glyphs = glyphs
        self.colour = colour
    }
}
