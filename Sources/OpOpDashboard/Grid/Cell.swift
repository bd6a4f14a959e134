/// One character position of the screen.
///
/// A character two columns wide occupies its own cell and the cell to its right, which
/// is marked `isContinuation` and contains a space, so column arithmetic stays simple.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
