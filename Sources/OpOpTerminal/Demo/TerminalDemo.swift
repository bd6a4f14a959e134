import OpOpDashboard

/// A small full-screen check of the terminal: it shows the detected capabilities,
/// block and braille glyphs (or their ASCII fallbacks), colours and attributes, and
/// echoes the last key, so the backend can be tried and tested without a training run.
public struct TerminalDemo {
    /// The reason the demo loop ended.
    public enum Outcome: Equatable, Sendable {
        /// The user pressed `q` or `Q`.
        case quit
        /// A termination signal (SIGINT, SIGTERM or SIGHUP) arrived.
        case terminated(signal: Int32)
    }

    /// The process id shown on screen, so a test can send signals to the right process.
    public var processID: Int32

    /// A key that stops the process with a deliberate runtime error, or nil for none.
    /// It checks that a crash restores the terminal and shows the error message.
    public var crashKey: Character?

    /// How long one wait for a key lasts before the loop checks for signals again.
    public var pollInterval: Duration

    public init(processID: Int32, crashKey: Character? = nil, pollInterval: Duration = .milliseconds(100)) {
        self.processID = processID
        self.crashKey = crashKey
        self.pollInterval = pollInterval
    }

    /// Runs the demo until the user quits or a termination signal arrives.
    ///
    /// The screen is redrawn after every key, resize and timeout. The caller opens and
    /// closes the screen.
    public func run(on screen: Screen) -> Outcome {
        var state = State()

        while true {
            if let signal = screen.terminationSignal {
                return .terminated(signal: signal)
            }
            screen.draw(render(size: screen.size, capabilities: screen.capabilities, state: state))

            guard let key = screen.readKey(timeout: pollInterval) else { continue }
            if key == .character("q") || key == .character("Q") {
                return .quit
            }
            if let crashKey, key == .character(crashKey) {
                fatalError("deliberate crash: the demo's crash key '\(crashKey)' was pressed")
            }
            state.lastKey = key
            state.keyCount += 1
            if key == .resize {
                state.resizeCount += 1
            }
        }
    }

    /// Renders and draws `count` frames whose key counter changes every frame, and
    /// returns the time taken, for measuring the backend's cost per frame.
    public func drawFrames(_ count: Int, on screen: Screen) -> Duration {
        let clock = ContinuousClock()
        var state = State()
        let start = clock.now

        for frame in 0..<count {
            state.keyCount = frame
            screen.draw(render(size: screen.size, capabilities: screen.capabilities, state: state))
        }
        return clock.now - start
    }

    /// The keys and resizes the demo has received so far.
    public struct State: Equatable, Sendable {
        public var lastKey: Key?
        public var keyCount = 0
        public var resizeCount = 0

        public init(lastKey: Key? = nil, keyCount: Int = 0, resizeCount: Int = 0) {
            self.lastKey = lastKey
            self.keyCount = keyCount
            self.resizeCount = resizeCount
        }
    }

    /// Draws one frame for a screen of `size`. Lines longer than the width are cut.
    public func render(size: ScreenSize, capabilities: TerminalCapabilities, state: State) -> Grid {
        var grid = Grid(width: size.width, height: size.height)
        let glyphs = capabilities.supportsUnicode ? DemoGlyphs.unicode : DemoGlyphs.ascii
        let colourText = capabilities.supportsColor
            ? "colour: \(capabilities.colorCount) colours"
            : "colour: off (\(capabilities.colorDisabledReason ?? "not supported"))"

        var row = 0
        func line(_ segments: [(String, Style)]) {
            var column = 0
            for (text, style) in segments {
                column = grid.write(text, x: column, y: row, style: style)
            }
            row += 1
        }

        line([("opop-top terminal check", Style(attributes: .bold)), ("  pid \(processID)", .plain)])
        line([(String(repeating: glyphs.rule, count: size.width), Style(attributes: .dim))])
        line([("size \(size)   glyphs: \(glyphs.name)   \(colourText)", .plain)])
        line([("blocks   ", .plain), (glyphs.blocks, Style(foreground: .green))])
        line([("braille  ", .plain), (glyphs.braille, Style(foreground: .cyan))])

        var colourSegments: [(String, Style)] = [("colours  ", .plain)]
        for color in Color.allCases where color != .black {
            colourSegments.append(("\(color) ", Style(foreground: color)))
        }
        line(colourSegments)

        line([
            ("styles   ", .plain), ("bold", Style(attributes: .bold)), (" ", .plain),
            ("dim", Style(attributes: .dim)), (" ", .plain),
            ("reverse", Style(attributes: .reverse)), (" ", .plain),
            ("underline", Style(attributes: .underline)),
        ])
        line([("last key: \(state.lastKey.map(Self.describe) ?? "none")   keys: \(state.keyCount)   resizes: \(state.resizeCount)", .plain)])
        line([("q quits; try arrows, F-keys, Ctrl-letters and resizing", Style(attributes: .dim))])
        return grid
    }

    /// Names a key the way the demo shows it, for example `F5`, `Ctrl-L` or `'a'`.
    public static func describe(_ key: Key) -> String {
        switch key {
        case .character(let character): return "'\(character)'"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PageUp"
        case .pageDown: return "PageDown"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .function(let number): return "F\(number)"
        case .control(let letter): return "Ctrl-\(letter.uppercased())"
        case .resize: return "resize"
        }
    }
}

/// The demo's glyph sets: each Unicode glyph has an ASCII stand-in at the same index.
struct DemoGlyphs {
    var name: String
    var rule: Character
    var blocks: String
    var braille: String

    static let unicode = DemoGlyphs(name: "unicode", rule: "─", blocks: "▁▂▃▄▅▆▇█", braille: "⡀⡄⡆⡇⣇⣧⣷⣿")
    static let ascii = DemoGlyphs(name: "ascii", rule: "-", blocks: "_.-=+*#@", braille: ".:|!%&$#")
}

extension Grid {
    /// Writes `text` from column `x` on row `y`, one cell per character, and returns the
    /// column after the last one written. Text beyond the right edge is clipped.
    ///
    /// NOTE: every character takes one cell here, which holds for the demo's glyphs;
    /// double-width text needs the dashboard's width-aware writer.
    fileprivate mutating func write(_ text: String, x: Int, y: Int, style: Style) -> Int {
        var column = x
        for character in text {
            self[column, y] = Cell(character, style: style)
            column += 1
        }
        return column
    }
}
