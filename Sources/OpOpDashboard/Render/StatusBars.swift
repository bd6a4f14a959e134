/// The title line: workload, optimizer and learning rate, and run name, with the time
/// window on the right.
struct TitleBar {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let separator = context.glyphs.separator
        var spans = [Span("opop-top", theme.title)]

        if let overlay = context.overlay {
            spans += legendSpans(overlay)
        } else if let header = context.history.header {
            var optimizer = context.display(header.optimizer)
            if let rate = header.optimizerSettings["lr"] {
                optimizer += " lr=" + NumberFormatting.compact(rate, width: 8)
            }
            spans.append(Span(separator + context.display(header.workload), theme.title))
            spans.append(Span(separator + optimizer))
            spans.append(Span(separator + context.display(header.runName), theme.label))
        } else {
            spans.append(Span(separator + "waiting for the trace header", theme.label))
        }

        let window = Label("window " + TimeWindow.label(context.window), style: theme.label)
        let windowStart = rect.maxX - window.width
        let titleWidth = Label(spans).width
        grid.fill(rect)
        if windowStart > rect.x + titleWidth + 1 {
            window.render(into: &grid, rect: Rect(x: windowStart, y: rect.y, width: window.width, height: 1))
            Label(spans).render(into: &grid, rect: rect)
        } else {
            Label(spans, ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: rect)
        }
    }
}

extension TitleBar {
    /// Returns the overlay's legend: each run's glyph and name in its style, the run
    /// whose groups show in brackets, as in "⣿ [a] · + b".
    func legendSpans(_ overlay: RunOverlay) -> [Span] {
        var spans: [Span] = []
        for (index, run) in overlay.runs.enumerated() {
            let glyph = RunOverlay.legendGlyph(run: index, glyphs: context.glyphs)
            let name = context.display(run.label)
            let label = index == overlay.shownRun ? "[\(name)]" : name
            let style = index == 0 ? context.theme.lossEMA : context.theme.overlayRun(index)
            spans.append(Span(context.glyphs.separator))
            spans.append(Span("\(glyph) \(label)", style))
        }
        return spans
    }
}

/// The status line: step, steps/s, elapsed time, loss, brain state, brain updates, bad
/// steps and the latest message, cut at the right edge.
struct StatusBar {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        let theme = context.theme
        let history = context.history
        var spans: [Span] = []

        let session = context.session
        let hasEnded = session.runState?.hasEnded ?? history.hasEnded

        if let replay = session.replay {
            spans += replaySpans(replay)
        } else {
            spans += liveSpans()
        }

        if let loss = history.latestLoss {
            spans.append(Span("  loss "))
            spans.append(Span(NumberFormatting.compact(loss), loss.isFinite ? theme.plain : theme.warning))
        }

        // Once the run has ended no brain acts, so the badge would only contradict "ended".
        // A replay shows the brain as it was at the position.
        if !hasEnded || session.replay != nil {
            let state = switch history.brainState {
            case .learning: " LEARNING "
            case .frozen: " FROZEN "
            case .absent: " NO BRAIN "
            }
            spans += [Span(" "), Span(state, theme.brainState(history.brainState))]
        }
        let updates = Span("  updates \(NumberFormatting.count(history.brainUpdateCount))")
        let bad = [
            Span("  bad "),
            Span(NumberFormatting.count(history.badStepCount), history.badStepCount > 0 ? theme.warning : theme.plain),
        ]
        if session.replay != nil {
            // A replay's line is longer at its start, so what matters more comes first.
            spans += bad + [updates]
        } else {
            if session.corruptLineCount > 0 {
                spans.append(Span("  corrupt lines \(NumberFormatting.count(session.corruptLineCount))", theme.warning))
            }
            spans += [updates] + bad
        }

        if let message = eventMessage {
            spans.append(Span("  " + context.display(message), theme.message))
        }

        grid.fill(rect.row(0))
        Label(spans, ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: rect.row(0))
    }

    /// Returns the start of a replay's status line: " PLAYING 4x  step 1200/50000
    /// 2026-12-04 10:31:05", and how much of the trace is read while it is being read.
    private func replaySpans(_ replay: ReplayStatus) -> [Span] {
        let theme = context.theme
        let badge = replay.isPlaying ? Span(" PLAYING ", theme.playing) : Span(" PAUSED ", theme.paused)
        var spans = [badge, Span(" " + replay.speed)]

        let position = context.history.latestStep.map { "\($0)" } ?? "-"
        let last = replay.lastStep.map { "\($0)" } ?? "-"
        spans.append(Span("  step \(position)/\(last)"))
        if let wallTime = replay.wallTime {
            spans.append(Span("  " + wallTime, theme.label))
        }
        if let percent = replay.readPercent {
            spans.append(Span("  reading \(percent)%", theme.label))
        }
        let corrupt = context.session.corruptLineCount
        if corrupt > 0 {
            spans.append(Span("  corrupt lines \(NumberFormatting.count(corrupt))", theme.warning))
        }
        return spans
    }

    /// Returns the start of a live or watched run's status line: the pause and run
    /// state badges, the step, the step rate and the elapsed time.
    private func liveSpans() -> [Span] {
        let theme = context.theme
        let history = context.history
        let session = context.session
        let hasEnded = session.runState?.hasEnded ?? history.hasEnded
        var spans: [Span] = []

        if context.view.isPaused {
            spans += [Span(" PAUSED ", theme.paused), Span(" ")]
        }
        if let runState = session.runState {
            spans += runStateSpans(runState) + [Span(" ")]
        }
        spans.append(Span("step " + (history.latestStep.map { "\($0)" } ?? "-")))

        if let records = session.catchingUpRecords {
            spans.append(Span("  reading the trace: \(NumberFormatting.count(records)) records", theme.label))
        } else if session.runState == nil && history.hasEnded {
            spans.append(Span("  ended", theme.label))
        } else if !hasEnded {
            let rate = history.stepsPerSecond(now: context.now).map(NumberFormatting.rate) ?? "--"
            spans.append(Span("  \(rate) steps/s"))
        }
        // A trainer that died wrote no end event, so its run's clock stops at its last record.
        let clockEnd = session.runState?.hasEnded == true ? (history.latestWallTime ?? context.now) : context.now
        let elapsed = history.elapsedSeconds(now: clockEnd).map(NumberFormatting.duration) ?? "--"
        spans.append(Span("  \(elapsed)"))
        return spans
    }

    /// Returns the badge of a watched run: " LIVE ", " STALE 2m10s ", or " ENDED " with
    /// how it ended when that is known.
    private func runStateSpans(_ state: RunState) -> [Span] {
        let theme = context.theme
        switch state {
        case .live:
            return [Span(" LIVE ", theme.runState(state))]
        case .stale(let seconds):
            return [Span(" STALE \(NumberFormatting.duration(seconds)) ", theme.runState(state))]
        case .ended(let detail):
            var spans = [Span(" ENDED ", theme.runState(state))]
            if let detail { spans.append(Span(" " + context.display(detail) + " ", theme.label)) }
            return spans
        }
    }

    /// The latest event's message, else why the last ignored record was ignored.
    private var eventMessage: String? {
        if let event = context.history.lastEvent, !event.message.isEmpty { return event.message }
        return context.history.lastIgnoredReason
    }
}

/// The bottom line: the app's status message while one is set, else the key hints.
///
/// The message takes the hints' place because it reports the result of a key the user
/// just pressed (such as where a snapshot was saved) and must be readable at 80
/// columns. The app clears `ViewState.statusMessage` to bring the hints back.
struct BottomLine {
    let context: RenderContext

    func render(into grid: inout Grid, rect: Rect) {
        if let prompt = context.session.replay?.prompt {
            grid.fill(rect.row(0))
            Label([
                Span("go to step: ", context.theme.title),
                Span(prompt + "_", context.theme.plain),
                Span("  Enter go  Esc cancel", context.theme.label),
            ], ellipsis: context.glyphs.ellipsis).render(into: &grid, rect: rect.row(0))
            return
        }
        guard let message = context.view.statusMessage, !message.isEmpty else {
            KeyHints(context: context).render(into: &grid, rect: rect)
            return
        }
        grid.fill(rect.row(0))
        Label(context.display(message), style: context.theme.title, ellipsis: context.glyphs.ellipsis)
            .render(into: &grid, rect: rect.row(0))
    }
}

extension KeyHints {
    /// Creates the dashboard's hints, whose labels follow the current state ("Unfreeze"
    /// when frozen).
    init(context: RenderContext) {
        keyStyle = context.theme.hintKey
        labelStyle = context.theme.hintLabel
        if let replay = context.session.replay {
            hints = Self.replayHints(replay, glyphs: context.glyphs, hasSeveralRuns: context.overlay != nil)
            return
        }

        let frozen = context.history.brainState == .frozen
        hints = [
            ("q", " Quit"),
            ("?", " Help"),
            ("f", frozen ? " Unfreeze" : " Freeze"),
            ("r", " Reset"),
            ("R", " Reset all"),
            ("s", " Snapshot"),
        ]
        if context.session.outputLines != nil {
            hints.append(("o", " Output"))
        }
        hints += [
            ("l", context.view.logScale ? " Linear" : " Log"),
            (context.glyphs.spaceKey, context.view.isPaused ? " Resume" : " Pause"),
            ("+-", " Window"),
        ]
    }

    /// Returns a replay's hints: play or pause, speed, window steps, events, go to.
    private static func replayHints(_ replay: ReplayStatus, glyphs: GlyphSet, hasSeveralRuns: Bool) -> [(key: String, label: String)] {
        var hints: [(key: String, label: String)] = [
            ("q", " Quit"),
            ("?", " Help"),
            (glyphs.spaceKey, replay.isPlaying ? " Pause" : " Play"),
            ("[]", " Speed"),
            (glyphs.isASCII ? "<>" : "←→", " Step"),
            ("nN", " Event"),
            ("g", " Go to"),
            ("e", " End"),
        ]
        if hasSeveralRuns {
            hints.append(("Tab", " Run"))
        }
        hints.append(("+-", " Window"))
        return hints
    }
}
