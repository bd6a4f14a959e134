/// Applies a key press to the view state and returns what the app must do, if anything.
///
/// The keys follow htop. `q` or F10 quits, and `?`, `h` or F1 opens the help, which any
/// key closes. Arrows, `j`/`k`, PgUp/PgDn and Home/End select a group. `f` freezes or
/// unfreezes the brain, `r` resets the selected group, and `R` asks for confirmation
/// before it resets all groups. `s` saves a snapshot, `l` toggles the log scale, space
/// pauses the display, `+`/`-` widen or narrow the time window, and `o` shows or hides
/// the trainer's output. While `ViewState.asksBeforeQuit` is set, `q` first asks
/// whether to stop the trainer.
public func handle(_ key: Key, view: inout ViewState, history: RunHistory) -> DashboardAction? {
    if key == .resize { return nil }

    switch view.overlay {
    case .help:
        view.overlay = .none
        return nil
    case .confirmResetAll:
        view.overlay = .none
        return key == .character("y") || key == .character("Y") ? .resetAll : nil
    case .confirmQuit:
        view.overlay = .none
        switch key {
        case .character("y"), .character("Y"): return .quitStoppingTrainer
        case .character("n"), .character("N"): return .quitLeavingTrainer
        default: return nil
        }
    case .none:
        break
    }

    let groupCount = history.groupCount
    switch key {
    case .character("q"), .function(10), .control("c"):
        guard view.asksBeforeQuit else { return .quit }
        view.overlay = .confirmQuit
    case .character("o"):
        view.showsOutput.toggle()
    case .character("?"), .character("h"), .function(1):
        view.overlay = .help
    case .character("f"):
        return .toggleFreeze
    case .character("r"):
        guard groupCount > 0 else { return nil }
        return .resetGroup(min(max(view.selectedGroup, 0), groupCount - 1))
    case .character("R"):
        if groupCount > 0 { view.overlay = .confirmResetAll }
    case .character("s"):
        return .snapshot
    case .character("l"):
        view.logScale.toggle()
    case .character(" "):
        view.isPaused.toggle()
        return .togglePause
    case .character("+"), .character("="):
        view.timeWindowIndex = min(view.timeWindowIndex + 1, TimeWindow.choices.count - 1)
    case .character("-"), .character("_"):
        var index = max(min(view.timeWindowIndex, TimeWindow.choices.count - 1) - 1, 0)
        // Windows at least as long as the run so far show the same as "all", so one press
        // skips them all and always changes the picture.
        if let first = history.firstStep, let latest = history.latestStep {
            let span = latest - first + 1
            while index > 0, case .last(let steps) = TimeWindow.choices[index], steps >= span {
                index -= 1
            }
        }
        view.timeWindowIndex = index
    case .up, .character("k"):
        select(view.selectedGroup - 1, view: &view, groupCount: groupCount)
    case .down, .character("j"):
        select(view.selectedGroup + 1, view: &view, groupCount: groupCount)
    case .pageUp:
        select(view.selectedGroup - max(1, view.groupPageSize), view: &view, groupCount: groupCount)
    case .pageDown:
        select(view.selectedGroup + max(1, view.groupPageSize), view: &view, groupCount: groupCount)
    case .home, .character("g"):
        select(0, view: &view, groupCount: groupCount)
    case .end, .character("G"):
        select(groupCount - 1, view: &view, groupCount: groupCount)
    default:
        break
    }
    return nil
}

/// Moves the selection, clamped to the groups, and scrolls it into the page.
private func select(_ group: Int, view: inout ViewState, groupCount: Int) {
    guard groupCount > 0 else {
        view.selectedGroup = 0
        view.groupScrollOffset = 0
        return
    }
    view.selectedGroup = min(max(group, 0), groupCount - 1)
    view.groupScrollOffset = view.scrollOffset(visibleRows: max(1, view.groupPageSize), groupCount: groupCount)
}
