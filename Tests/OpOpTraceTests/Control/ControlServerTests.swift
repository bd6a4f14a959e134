import Foundation
import Glibc
@testable import OpOpTrace
import XCTest

final class ControlServerTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private func startServer(in path: String? = nil, configuration: ControlServer.Configuration = .init()) throws -> ControlServer {
        try ControlServer(runDirectory: path ?? directory.path, runName: "test-run", configuration: configuration)
    }

    /// Takes pending commands until one arrives, as a training loop would at each step.
    private func waitForPending(_ server: ControlServer, count: Int = 1) throws -> [PendingControlCommand] {
        var taken: [PendingControlCommand] = []
        let deadline = Date().addingTimeInterval(30)
        while taken.count < count {
            taken += server.takePendingCommands()
            guard Date() < deadline else {
                throw RawSocketError(description: "only \(taken.count) of \(count) commands reached the training loop")
            }
            usleep(1000)
        }
        return taken
    }

    func testSocketModeIs0600() throws {
        let server = try startServer()
        defer { server.stop() }

        var info = stat()
        XCTAssertEqual(stat(server.socketPath, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFSOCK)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    func testPingRepliesWithPublishedState() throws {
        let server = try startServer()
        defer { server.stop() }
        server.publish(step: 120, frozen: true)

        let reply = try ControlClient(runDirectory: directory.path).send(.ping)
        XCTAssertEqual(reply, ControlReply(
            ok: true, command: "ping", step: 120, message: "training at step 120",
            version: 1, run: "test-run", pid: Int(getpid()), frozen: true
        ))

        server.publish(step: 121, frozen: nil)
        let withoutBrain = try ControlClient(runDirectory: directory.path).send(.ping)
        XCTAssertEqual(withoutBrain.step, 121)
        XCTAssertNil(withoutBrain.frozen)
    }

    func testFreezeRepliesOnlyAfterTrainingLoopCompletes() throws {
        let server = try startServer()
        defer { server.stop() }
        server.publish(step: 6, frozen: false)

        let result = LockedBox<Result<ControlReply, ControlClientError>?>(nil)
        let sent = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [path = directory.path] in
            let outcome = Result { () throws(ControlClientError) in try ControlClient(runDirectory: path).send(.freeze, timeout: 60) }
            result.set(outcome)
            sent.signal()
        }

        let pending = try waitForPending(server)
        XCTAssertEqual(pending.map(\.command), [.freeze])
        XCTAssertNil(result.get(), "the reply must wait for the training loop")

        server.publish(step: 7, frozen: true)
        server.complete(pending[0], with: .success(.freeze, step: 7, message: "brain frozen at step 7"))
        sent.wait()

        let reply = try XCTUnwrap(result.get()).get()
        XCTAssertEqual(reply, ControlReply(ok: true, command: "freeze", step: 7, message: "brain frozen at step 7"))
    }

    func testRepliesKeepRequestOrderAndIDs() throws {
        let server = try startServer()
        defer { server.stop() }
        let client = try RawControlSocket(path: server.socketPath)

        client.send("{\"command\":\"snapshot\",\"id\":1}\n\n   \n{\"command\":\"ping\",\"id\":2}\n{\"command\":\"reset\",\"group\":\"g\",\"id\":\"three\"}\n")
        let pending = try waitForPending(server, count: 2)
        XCTAssertEqual(pending.map(\.command), [.snapshot, .reset(group: "g")])

        // Completing the second first must still send the replies in request order.
        server.complete(pending[1], with: .failure(.reset(group: "g"), error: "unknown group 'g'"))
        server.complete(pending[0], with: .success(.snapshot, step: 0, message: "saved", path: "p"))

        let lines = (0..<3).compactMap { _ in client.readLine() }
        let replies = try lines.map { try ControlReply.decode(line: $0) }
        XCTAssertEqual(replies.map(\.id), [.number(1), .number(2), .text("three")])
        XCTAssertEqual(replies.map(\.command), ["snapshot", "ping", "reset"])
        XCTAssertEqual(replies[2].error, "unknown group 'g'")
    }

    func testBadRequestsGetErrorsAndServerGoesOn() throws {
        let server = try startServer()
        defer { server.stop() }

        let client = try RawControlSocket(path: server.socketPath)
        client.send("hello\n{\"command\":\"fly\"}\n{\"command\":\"reset\"}\n")
        let replies = try (0..<3).map { _ in try ControlReply.decode(line: XCTUnwrap(client.readLine())) }
        XCTAssertEqual(replies.map(\.ok), [false, false, false])
        XCTAssertEqual(replies[0].error, "invalid request: expected a JSON object with a \"command\" field, got 'hello'")
        XCTAssertEqual(replies[1].error, "unknown command 'fly' (commands: ping, freeze, unfreeze, reset, reset_all, snapshot)")
        XCTAssertNil(replies[1].command)
        XCTAssertEqual(replies[2].command, "reset")

        client.send("{\"command\":\"ping\"}\n")
        XCTAssertEqual(try ControlReply.decode(line: XCTUnwrap(client.readLine())).ok, true)
        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testOverlongLineClosesOnlyThatConnection() throws {
        let server = try startServer()
        defer { server.stop() }

        let client = try RawControlSocket(path: server.socketPath)
        client.send(String(repeating: " ", count: 65_537) + "{\"command\":\"ping\"}\n")
        let reply = try ControlReply.decode(line: XCTUnwrap(client.readLine()))
        XCTAssertFalse(reply.ok)
        XCTAssertEqual(reply.error, "the request line is longer than 65536 bytes; the connection is closed. Send one JSON object per line")
        XCTAssertTrue(client.isClosedByServer())

        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testLineAtLimitIsAccepted() throws {
        let server = try startServer()
        defer { server.stop() }

        let request = "{\"command\":\"ping\"}"
        let client = try RawControlSocket(path: server.socketPath)
        client.send(String(repeating: " ", count: 65_536 - request.utf8.count) + request + "\n")
        XCTAssertEqual(try ControlReply.decode(line: XCTUnwrap(client.readLine())).ok, true)
    }

    func testClientHangingUpMidReplyDoesNotStopServer() throws {
        let server = try startServer()
        defer { server.stop() }

        for _ in 0..<5 {
            let client = try RawControlSocket(path: server.socketPath)
            client.send(String(repeating: "{\"command\":\"ping\"}\n", count: 2000))
            _ = client.readLine()
            // Closing with replies unread makes the server's sends fail with EPIPE or ECONNRESET.
        }
        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testClientThatNeverReadsIsDropped() throws {
        let server = try startServer(configuration: .init(maxOutputBytes: 16 << 10))
        defer { server.stop() }

        let client = try RawControlSocket(path: server.socketPath)
        let ping = Array(String(repeating: "{\"command\":\"ping\"}\n", count: 1000).utf8)
        var failure: Int32?
        for _ in 0..<1000 where failure == nil {
            failure = client.send(ping)
            XCTAssertEqual(server.takePendingCommands(), [])
        }
        XCTAssertNotNil(failure, "the server kept a client that never reads")
        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testClientDisconnectKeepsCommandQueued() throws {
        let server = try startServer()
        defer { server.stop() }

        do {
            let client = try RawControlSocket(path: server.socketPath)
            client.send("{\"command\":\"reset_all\"}\n")
        }
        let pending = try waitForPending(server)
        XCTAssertEqual(pending.map(\.command), [.resetAll])
        server.complete(pending[0], with: .success(.resetAll, step: 1, message: "reset"))
        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testClientTimesOutWhileCommandWaits() throws {
        let server = try startServer()
        defer { server.stop() }

        XCTAssertThrowsError(try ControlClient(runDirectory: directory.path).send(.freeze, timeout: 0.2)) { error in
            XCTAssertEqual(error as? ControlClientError, .timedOut(seconds: 0.2))
        }
        XCTAssertEqual(try waitForPending(server).map(\.command), [.freeze])
    }

    func testStopAnswersWaitingCommandsAndRemovesSocket() throws {
        let server = try startServer()
        let client = try RawControlSocket(path: server.socketPath)
        client.send("{\"command\":\"freeze\",\"id\":9}\n")
        _ = try waitForPending(server)

        server.stop()
        let reply = try ControlReply.decode(line: XCTUnwrap(client.readLine()))
        XCTAssertEqual(reply, ControlReply(ok: false, error: "the trainer stopped before it applied the command"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.socketPath))
        XCTAssertThrowsError(try ControlClient(runDirectory: directory.path).send(.ping)) { error in
            XCTAssertEqual(error as? ControlClientError, .noSocket(path: server.socketPath))
        }
    }

    func testNoSocketIsReadOnlyRun() {
        let client = ControlClient(runDirectory: directory.path)
        XCTAssertThrowsError(try client.send(.ping)) { error in
            XCTAssertEqual(error as? ControlClientError, .noSocket(path: client.socketPath))
        }
    }

    func testStaleSocketIsServerGoneThenReplaced() throws {
        let path = directory.file("control.sock")
        try bindAndAbandonSocket(at: path)

        let client = ControlClient(runDirectory: directory.path)
        XCTAssertThrowsError(try client.send(.ping)) { error in
            XCTAssertEqual(error as? ControlClientError, .serverGone(path: path))
        }

        let server = try startServer()
        defer { server.stop() }
        XCTAssertEqual(try client.send(.ping).ok, true)
    }

    func testSecondServerIsRejected() throws {
        let server = try startServer()
        defer { server.stop() }

        XCTAssertThrowsError(try startServer()) { error in
            XCTAssertEqual(error as? ControlServerError, .alreadyServed(path: server.socketPath))
            XCTAssertEqual(
                "\(error)",
                "another trainer already serves the control socket '\(server.socketPath)'; stop that trainer or choose another run directory"
            )
        }
        XCTAssertEqual(try ControlClient(runDirectory: directory.path).send(.ping).ok, true)
    }

    func testRegularFileNamedLikeSocketIsKept() throws {
        let path = directory.file("control.sock")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        XCTAssertThrowsError(try startServer()) { error in
            XCTAssertEqual(error as? ControlServerError, .notASocket(path: path))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testLongRunDirectoryPath() throws {
        var path = directory.path
        while path.utf8.count <= 120 {
            path += "/a-long-run-directory-name"
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        XCTAssertGreaterThan((path + "/control.sock").utf8.count, 108)

        let server = try startServer(in: path)
        var info = stat()
        XCTAssertEqual(stat(path + "/control.sock", &info), 0, "the socket is in the run directory itself")
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(try ControlClient(runDirectory: path).send(.ping).run, "test-run")

        server.stop()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "/control.sock"))
        XCTAssertThrowsError(try ControlClient(runDirectory: path).send(.ping)) { error in
            XCTAssertEqual(error as? ControlClientError, .noSocket(path: path + "/control.sock"))
        }
    }

    /// Binds a socket at `path` and closes it without removing the file, as a killed
    /// trainer leaves it.
    private func bindAndAbandonSocket(at path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(descriptor, 1), 0)
    }
}

/// A value that a background thread sets and the test reads.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func set(_ newValue: Value) {
        lock.withLock { value = newValue }
    }

    func get() -> Value {
        lock.withLock { value }
    }
}
