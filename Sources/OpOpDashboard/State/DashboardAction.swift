/// A request from the user that the app must carry out on the trainer or the session.
public enum DashboardAction: Sendable, Equatable {
    case quit
    /// Quit after stopping the trainer that opop-top started.
    case quitStoppingTrainer
    /// Quit and leave the trainer that opop-top started running.
    case quitLeavingTrainer
    /// Freeze the brain's policy when it is learning, unfreeze it when frozen.
    case toggleFreeze
    /// Reset the brain's state for the group at this index of `RunHistory.groupNames`.
    case resetGroup(Int)
    case resetAll
    case snapshot
    /// Start or stop showing a frozen copy of the history. `ViewState.isPaused` is
    /// already toggled when this is returned.
    case togglePause
}
