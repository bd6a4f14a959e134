extension ControlServer {
    /// Limits that keep one client from costing the server unbounded memory or time.
    public struct Configuration: Sendable, Equatable {
        /// The maximum length of a request line, in bytes without its line feed. A longer line gets
        /// an error reply and the connection is closed.
        public var maxLineBytes: Int
        /// The reply bytes a connection may hold unsent. A client that stops reading is
        /// dropped once this fills, so it can never block the server.
        public var maxOutputBytes: Int
        /// Connections served at once. Further ones get an error reply and are closed.
        public var maxConnections: Int
        /// Brain-changing commands waiting for the training loop, over all connections.
        /// Further ones get an error reply.
        public var maxQueuedCommands: Int

        public init(maxLineBytes: Int = 65_536, maxOutputBytes: Int = 256 << 10, maxConnections: Int = 64, maxQueuedCommands: Int = 1024) {
            self.maxLineBytes = maxLineBytes
            self.maxOutputBytes = maxOutputBytes
            self.maxConnections = maxConnections
            self.maxQueuedCommands = maxQueuedCommands
        }
    }
}
