/// A destination for exported text, written piece by piece.
public protocol TextOutput {
    mutating func write(_ text: String) throws(ExportError)
}

/// Text output collected in memory, for tests and small exports.
public struct StringOutput: TextOutput {
    public private(set) var text = ""

    public init() {}

    public mutating func write(_ text: String) throws(ExportError) {
        self.text += text
    }
}
