/// A request a control-socket client sends to a trainer.
public enum ControlCommand: Sendable, Equatable {
    /// Checks that the trainer is alive. The server replies at once.
    case ping
    /// Stops the brain learning and keeps its decisions fixed.
    case freeze
    /// Lets a frozen brain learn and decide again.
    case unfreeze
    /// Returns the brain's outputs for the named group to neutral.
    case reset(group: String)
    /// Returns the brain's outputs for every group to neutral.
    case resetAll
    /// Saves the brain to a file in the run directory's `snapshots/`.
    case snapshot

    /// The command's name on the wire, such as `reset_all`.
    public var name: String {
        switch self {
        case .ping: "ping"
        case .freeze: "freeze"
        case .unfreeze: "unfreeze"
        case .reset: "reset"
        case .resetAll: "reset_all"
        case .snapshot: "snapshot"
        }
    }

    /// Every command name, in the order error messages list them.
    public static let names = ["ping", "freeze", "unfreeze", "reset", "reset_all", "snapshot"]

    /// True for the commands the training loop applies at a step boundary, false for
    /// `ping`, which the server replies to itself.
    public var changesBrain: Bool {
        self != .ping
    }
}

/// The `id` of a request, which the reply copies so a client can match the two.
public enum ControlRequestID: Sendable, Equatable {
    case number(Int)
    case text(String)
}

/// The version of the control protocol this module speaks, which `ping` replies carry.
public let controlProtocolVersion = 1
