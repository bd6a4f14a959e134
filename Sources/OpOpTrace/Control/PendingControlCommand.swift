/// A brain-changing command that the server received and the training loop has to
/// apply at a step boundary. Pass it back to `ControlServer.complete(_:with:)` with the
/// reply once it is applied.
public struct PendingControlCommand: Sendable, Equatable {
    public let command: ControlCommand
    /// The request's `id`, which `complete` copies into the reply.
    public let requestID: ControlRequestID?
    /// The connection that sent the request.
    let connectionNumber: Int
    /// The request's position among the connection's requests, so the reply goes out in order.
    let requestNumber: Int
}
