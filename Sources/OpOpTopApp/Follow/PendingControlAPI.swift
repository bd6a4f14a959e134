import Foundation

// TODO: delete this file once the branch that adds `ControlClient` to OpOpTrace is
// merged. It stands in for that API and sends nothing: it only tells a missing socket
// from one that refuses connections.

enum ControlCommand: Sendable, Equatable {
    case ping, freeze, unfreeze, reset(group: String), resetAll, snapshot
}

struct ControlReply: Sendable, Equatable {
    var ok: Bool
    var message: String?
    var error: String?
    var frozen: Bool?
}

enum ControlClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSocket(path: String)
    case serverGone(path: String)
    case timedOut(seconds: Double)
    case invalidReply(String)
    case system(String)

    var description: String {
        switch self {
        case .noSocket(let path): "no control socket at '\(path)'"
        case .serverGone(let path): "no trainer is serving '\(path)'"
        case .timedOut(let seconds): "no reply within \(seconds) seconds"
        case .invalidReply(let reason): "invalid reply from the trainer: \(reason)"
        case .system(let message): message
        }
    }
}

struct ControlClient: Sendable {
    let runDirectory: String

    func send(_ command: ControlCommand, timeout: Double = 5) throws(ControlClientError) -> ControlReply {
        let path = runDirectory + "/control.sock"
        guard FileManager.default.fileExists(atPath: path) else { throw .noSocket(path: path) }

        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result != 0 && errno == ECONNREFUSED { throw .serverGone(path: path) }
        throw .system("the control client is not built into this version yet")
    }
}
