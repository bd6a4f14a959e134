import Glibc

/// Sends one command at a time to the trainer serving a run directory's control socket.
///
/// Each `send` opens a connection, writes one request line, reads one reply line and
/// closes the connection. It blocks the calling thread until the reply arrives or the
/// timeout passes, so a user interface calls it off its drawing thread.
public struct ControlClient: Sendable {
    public let runDirectory: String

    /// The largest reply line accepted, in bytes.
    static let maxReplyBytes = 1 << 20

    public init(runDirectory: String) {
        self.runDirectory = runDirectory
    }

    /// The control socket's path, as error messages show it.
    public var socketPath: String {
        runDirectory + "/" + controlSocketFileName
    }

    /// Sends `command` and returns the trainer's reply, which may be a failed one
    /// (`ok` false) such as an unknown group.
    ///
    /// - Parameter timeout: Seconds to wait for the reply. A brain-changing command gets
    ///   its reply once the trainer finishes its current step, which can take long.
    /// - Throws: `.noSocket` and `.serverGone` when no trainer serves the run,
    ///   `.timedOut` when no reply came in time, `.invalidReply` for a reply that breaks
    ///   the protocol or a `ping` reply of a newer protocol version.
    public func send(_ command: ControlCommand, timeout: Double = 5) throws(ControlClientError) -> ControlReply {
        let deadline = ControlSocketCalls.monotonicSeconds() + max(0, timeout)

        let descriptor: Int32
        switch ControlSocketCalls.makeStreamSocket() {
        case .success(let created): descriptor = created
        case .failure(let error): throw .system("cannot create a socket for '\(socketPath)': \(error.text)")
        }
        defer { close(descriptor) }

        if case .failure(let error) = ControlSocketCalls.makeNonBlocking(descriptor) {
            throw .system("cannot set up a socket for '\(socketPath)': \(error.text)")
        }
        try connect(descriptor, deadline: deadline, timeout: timeout)

        try write(ControlRequest(command: command).encodedLine(), to: descriptor, deadline: deadline, timeout: timeout)
        let line = try readLine(from: descriptor, deadline: deadline, timeout: timeout)

        let reply: ControlReply
        do {
            reply = try ControlReply.decode(line: line)
        } catch {
            throw .invalidReply(error.reason)
        }
        if let version = reply.version, version > controlProtocolVersion {
            throw .invalidReply(
                "the trainer speaks control protocol version \(version) and this client version \(controlProtocolVersion); use an opop-top as new as the trainer"
            )
        }
        return reply
    }

    /// Connects the non-blocking `descriptor`. A Unix socket's `connect` fails with
    /// EAGAIN while the server's accept queue is full, so it is retried until the deadline.
    private func connect(_ descriptor: Int32, deadline: Double, timeout: Double) throws(ControlClientError) {
        while true {
            switch ControlSocketCalls.connect(descriptor, runDirectory: runDirectory) {
            case .success:
                return
            case .failure(let error) where error.code == ENOENT:
                throw .noSocket(path: socketPath)
            case .failure(let error) where error.code == ECONNREFUSED:
                throw .serverGone(path: socketPath)
            case .failure(let error) where error.code == EAGAIN:
                guard ControlSocketCalls.monotonicSeconds() < deadline else {
                    throw .timedOut(seconds: timeout)
                }
                usleep(10_000)
            case .failure(let error):
                throw .system("cannot connect to '\(socketPath)': \(error.text)")
            }
        }
    }

    private func write(_ bytes: [UInt8], to descriptor: Int32, deadline: Double, timeout: Double) throws(ControlClientError) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result >= 0 {
                sent += result
                continue
            }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLOUT), on: descriptor, deadline: deadline, timeout: timeout)
            case EPIPE, ECONNRESET:
                throw .invalidReply("the trainer closed the connection to '\(socketPath)' before reading the request")
            default:
                throw .system("cannot send the request to '\(socketPath)': \(POSIX.describe(errno: code))")
            }
        }
    }

    /// Reads up to the first line feed and returns the line without it.
    private func readLine(from descriptor: Int32, deadline: Double, timeout: Double) throws(ControlClientError) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)

        while true {
            if let end = received.firstIndex(of: UInt8(ascii: "\n")) {
                var line = received[..<end]
                if line.last == UInt8(ascii: "\r") {
                    line = line.dropLast()
                }
                return String(decoding: line, as: UTF8.self)
            }
            guard received.count <= Self.maxReplyBytes else {
                throw .invalidReply("the reply is longer than \(Self.maxReplyBytes) bytes")
            }

            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                received.append(contentsOf: chunk[..<count])
                continue
            }
            if count == 0 {
                throw .invalidReply("the trainer closed the connection to '\(socketPath)' without replying, so it has probably ended")
            }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLIN), on: descriptor, deadline: deadline, timeout: timeout)
            default:
                throw .system("cannot read the reply from '\(socketPath)': \(POSIX.describe(errno: code))")
            }
        }
    }

    /// Waits until `descriptor` is ready for `events`, or throws `.timedOut` at the deadline.
    private func wait(for events: Int16, on descriptor: Int32, deadline: Double, timeout: Double) throws(ControlClientError) {
        while true {
            let remaining = deadline - ControlSocketCalls.monotonicSeconds()
            guard remaining > 0 else {
                throw .timedOut(seconds: timeout)
            }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let milliseconds = Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up))
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 {
                return
            }
            if ready < 0 && errno != EINTR {
                throw .system("cannot wait for '\(socketPath)': \(POSIX.describe(errno: errno))")
            }
        }
    }
}
