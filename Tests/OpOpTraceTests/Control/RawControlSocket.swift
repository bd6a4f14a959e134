import Glibc
import XCTest

/// A client connection without `ControlClient`, so tests can send raw bytes, send
/// several lines, stop reading, or hang up in the middle of a reply.
final class RawControlSocket {
    let descriptor: Int32
    private var received: [UInt8] = []

    /// Connects to `path`, which must fit in `sun_path`.
    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw RawSocketError(description: "connect to '\(path)' failed: \(String(cString: strerror(code)))")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends every byte, or returns the errno of the first failed send (such as EPIPE).
    @discardableResult
    func send(_ text: String) -> Int32? {
        send(Array(text.utf8))
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Int32? {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            sent += count
        }
        return nil
    }

    /// Reads one line, waiting at most `timeout` seconds, or returns nil at the end of
    /// input or the timeout.
    func readLine(timeout: Double = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = received.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: received[..<end], as: UTF8.self)
                received.removeFirst(end + 1)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            received.append(contentsOf: chunk[..<count])
        }
    }

    /// Returns true when the server closed the connection, reading at most `timeout` seconds.
    func isClosedByServer(timeout: Double = 30) -> Bool {
        while let _ = readLine(timeout: timeout) {}
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return read(descriptor, &byte, 1) <= 0
    }
}

struct RawSocketError: Error, CustomStringConvertible {
    var description: String
}
