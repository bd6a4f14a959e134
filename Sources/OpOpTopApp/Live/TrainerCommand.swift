/// A request from the dashboard to the trainer, applied at the next step boundary.
enum TrainerCommand: Sendable, Equatable {
    case toggleFreeze
    case resetGroup(Int)
    case resetAll
    case snapshot
    /// Ends training after the current step; the trainer writes its last records and returns.
    case stop
}
