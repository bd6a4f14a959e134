import Glibc

/// The file name of the control socket inside a run directory.
public let controlSocketFileName = "control.sock"

/// Builds the `sockaddr_un` of a run directory's control socket, applying the long-path
/// rule: `sun_path` holds 107 bytes and a terminating zero, so when the socket's path is
/// longer, the run directory is opened and the socket is reached through
/// `/proc/self/fd/N/control.sock`, where N is that descriptor.
enum ControlSocketAddress {
    /// The largest path `sun_path` holds, without its terminating zero.
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Calls `body` with the address of `runDirectory`'s control socket, holding the
    /// directory open while it runs when the long-path rule needs it.
    ///
    /// Returns the errno of `open` as a failure when the directory cannot be opened.
    static func withAddress<Result>(
        runDirectory: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
    ) -> Swift.Result<Result, POSIXCallError> {
        let direct = runDirectory + "/" + controlSocketFileName
        if direct.utf8.count <= maxPathBytes {
            return .success(withAddress(path: direct, body))
        }

        let directory = open(runDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        defer { close(directory) }
        return .success(withAddress(path: "/proc/self/fd/\(directory)/" + controlSocketFileName, body))
    }

    /// Calls `body` with the `sockaddr_un` of `path`, which must fit in `sun_path`.
    private static func withAddress<Result>(path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count <= maxPathBytes, "socket path '\(path)' is \(bytes.count) bytes, over the \(maxPathBytes)-byte limit")

        withUnsafeMutableBytes(of: &address.sun_path) { pathBytes in
            pathBytes.copyBytes(from: bytes)
            pathBytes[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}

/// Socket calls shared by the control server and client.
enum ControlSocketCalls {
    /// Creates a Unix stream socket with close-on-exec set, or returns the errno.
    static func makeStreamSocket() -> Result<Int32, POSIXCallError> {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        return .success(descriptor)
    }

    /// Connects `descriptor` to `runDirectory`'s control socket, or returns the errno.
    static func connect(_ descriptor: Int32, runDirectory: String) -> Result<Void, POSIXCallError> {
        let result = ControlSocketAddress.withAddress(runDirectory: runDirectory) { address, length in
            Glibc.connect(descriptor, address, length) == 0 ? 0 : errno
        }
        switch result {
        case .success(0):
            return .success(())
        case .success(let code):
            return .failure(POSIXCallError(code: code))
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Sets `O_NONBLOCK` on `descriptor`, or returns the errno.
    static func makeNonBlocking(_ descriptor: Int32) -> Result<Void, POSIXCallError> {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            return .failure(POSIXCallError(code: errno))
        }
        return .success(())
    }

    /// Sets `O_NONBLOCK` and `FD_CLOEXEC` on `descriptor`. Returns false with `errno`
    /// set when `fcntl` fails.
    static func setNonBlockingAndCloseOnExec(_ descriptor: Int32) -> Bool {
        guard case .success = makeNonBlocking(descriptor) else {
            return false
        }
        return fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0
    }

    /// Seconds on the monotonic clock, for deadlines.
    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
