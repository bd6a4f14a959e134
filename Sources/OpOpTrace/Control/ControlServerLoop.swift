import Glibc

/// The server thread's `poll(2)` loop. Everything here runs on that thread.
final class ControlServerLoop {
    private unowned let server: ControlServer
    private var connections: [Int: ControlConnection] = [:]
    private var nextConnectionNumber = 0
    /// Brain-changing commands queued or being applied, over all connections.
    private var outstandingCount = 0

    init(server: ControlServer) {
        self.server = server
    }

    func run() {
        while !server.isStopping.load(ordering: .acquiring) {
            var entries = [
                pollfd(fd: server.listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: server.wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            let order = Array(connections.keys)
            for number in order {
                let connection = connections[number]!
                var events: Int16 = 0
                if connection.isReading {
                    events |= Int16(POLLIN)
                }
                if connection.unsentByteCount > 0 {
                    events |= Int16(POLLOUT)
                }
                entries.append(pollfd(fd: connection.descriptor, events: events, revents: 0))
            }

            let ready = poll(&entries, nfds_t(entries.count), -1)
            guard ready >= 0 else {
                // EINTR: go round again. Any other error would repeat at once, so it is
                // waited out rather than spun on.
                if errno != EINTR {
                    usleep(10_000)
                }
                continue
            }

            if entries[1].revents != 0 {
                drainWakePipe()
            }
            deliverCompletions()
            if entries[0].revents != 0 {
                acceptConnections()
            }
            for (offset, number) in order.enumerated() {
                guard let connection = connections[number] else { continue }
                let events = entries[offset + 2].revents
                if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 && connection.isReading {
                    serve(connection)
                } else if events & Int16(POLLHUP | POLLERR) != 0 {
                    // The client closed both directions, so nothing sent would arrive. Poll
                    // reports POLLHUP at once every round, so keeping the connection until
                    // its commands complete would spin.
                    connection.isBroken = true
                }
                connection.flush()
            }
            closeFinishedConnections()
        }

        shutDown()
    }

    // MARK: - Connections

    private func acceptConnections() {
        while true {
            let descriptor = accept(server.listener, nil, nil)
            guard descriptor >= 0 else {
                // EAGAIN ends the batch; other errors (a client that gave up, too many
                // open files) leave the listener ready for the next round.
                return
            }
            guard ControlSocketCalls.setNonBlockingAndCloseOnExec(descriptor) else {
                close(descriptor)
                continue
            }

            let connection = ControlConnection(number: nextConnectionNumber, descriptor: descriptor)
            nextConnectionNumber += 1
            if connections.count >= server.configuration.maxConnections {
                connection.reply(ControlReply(
                    ok: false,
                    error: "the trainer already serves \(server.configuration.maxConnections) connections; close one and try again"
                ))
                connection.flush()
                close(descriptor)
                continue
            }
            connections[connection.number] = connection
        }
    }

    /// Reads the connection's input and replies to or queues each complete request line.
    private func serve(_ connection: ControlConnection) {
        let maxLineBytes = server.configuration.maxLineBytes
        connection.readAvailable(maxBytes: 4 * max(maxLineBytes, 16 << 10))

        for var line in connection.takeLines() {
            if line.last == UInt8(ascii: "\r") {
                line.removeLast()
            }
            guard line.count <= maxLineBytes else {
                rejectOverlongLine(connection)
                return
            }
            guard !isBlank(line) else { continue }
            handle(line, from: connection)
        }

        if connection.isReading && connection.input.count > maxLineBytes {
            rejectOverlongLine(connection)
        }
        // A client that ended its input is done once the replies it is owed are sent.
        if !connection.isReading {
            connection.closesWhenFlushed = true
        }
        if connection.unsentByteCount > server.configuration.maxOutputBytes {
            connection.isBroken = true
        }
    }

    private func rejectOverlongLine(_ connection: ControlConnection) {
        connection.reply(ControlReply(
            ok: false,
            error: "the request line is longer than \(server.configuration.maxLineBytes) bytes; the connection is closed. Send one JSON object per line"
        ))
        connection.stopReading()
    }

    private func handle(_ line: [UInt8], from connection: ControlConnection) {
        let request: ControlRequest
        do {
            request = try line.withUnsafeBufferPointer { bytes throws(ControlRequestError) in
                try ControlRequest.decode(line: bytes)
            }
        } catch {
            connection.reply(error.reply)
            return
        }

        guard request.command.changesBrain else {
            connection.reply(pingReply(id: request.id))
            return
        }
        guard outstandingCount < server.configuration.maxQueuedCommands else {
            var reply = ControlReply.failure(
                request.command,
                error: "\(server.configuration.maxQueuedCommands) commands are already waiting for the trainer's next step; wait for their replies and send this one again"
            )
            reply.id = request.id
            connection.reply(reply)
            return
        }

        let pending = PendingControlCommand(
            command: request.command, requestID: request.id,
            connectionNumber: connection.number, requestNumber: connection.reserveSlot()
        )
        outstandingCount += 1
        server.shared.withLock { shared in
            shared.queued.append(pending)
            server.hasQueued.store(true, ordering: .releasing)
        }
    }

    private func pingReply(id: ControlRequestID?) -> ControlReply {
        let step = server.latestStep.load(ordering: .relaxed)
        let frozenState = server.frozenState.load(ordering: .relaxed)
        return ControlReply(
            ok: true, id: id, command: ControlCommand.ping.name, step: step,
            message: "training at step \(step)", version: controlProtocolVersion,
            run: server.runName, pid: Int(getpid()), frozen: frozenState < 0 ? nil : frozenState == 1
        )
    }

    private func deliverCompletions() {
        let completions = server.shared.withLock { shared in
            let taken = shared.completions
            shared.completions.removeAll()
            return taken
        }
        for (pending, reply) in completions {
            outstandingCount -= 1
            // A client that disconnected is gone; its command was still applied.
            connections[pending.connectionNumber]?.fill(requestNumber: pending.requestNumber, with: reply)
        }
    }

    private func closeFinishedConnections() {
        for (number, connection) in connections where connection.isDone {
            close(connection.descriptor)
            connections[number] = nil
        }
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(server.wakeReader, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Sends an error reply for each command the trainer will no longer apply, sends what the sockets take without
    /// waiting, and closes every connection.
    private func shutDown() {
        deliverCompletions()
        for connection in connections.values {
            connection.failWaitingReplies(with: ControlReply(
                ok: false, error: "the trainer stopped before it applied the command"
            ))
            connection.flush()
            close(connection.descriptor)
        }
        connections.removeAll()
    }

    private func isBlank(_ line: [UInt8]) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}
