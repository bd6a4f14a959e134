import Glibc

/// The descriptors of a bound control socket, before its server thread starts.
struct ControlServerSetup {
    var directory: Int32
    var listener: Int32
    var identity: POSIX.FileIdentity
    var wakeReader: Int32
    var wakeWriter: Int32

    /// Removes a stale socket, binds a new one with mode 0600, listens on it and opens
    /// the pipe that wakes the server thread. Closes what it opened when a step fails.
    static func bind(runDirectory: String) throws(ControlServerError) -> ControlServerSetup {
        let path = runDirectory + "/" + controlSocketFileName
        func failure(_ operation: String, _ code: Int32) -> ControlServerError {
            .systemCallFailed(path: path, operation: operation, reason: POSIX.describe(errno: code))
        }

        let directory = open(runDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw failure("opening the run directory", errno)
        }
        var opened: [Int32] = [directory]
        var isBound = false
        func closeOpened() {
            for descriptor in opened {
                close(descriptor)
            }
        }

        do throws(ControlServerError) {
            try removeStaleSocket(runDirectory: runDirectory, directory: directory, path: path)

            let listener: Int32
            switch ControlSocketCalls.makeStreamSocket() {
            case .success(let created): listener = created
            case .failure(let error): throw failure("socket", error.code)
            }
            opened.append(listener)

            try bindRestricted(listener, runDirectory: runDirectory, directory: directory, path: path)
            isBound = true
            let identity = try checkMode(directory: directory, path: path)

            if case .failure(let error) = ControlSocketCalls.makeNonBlocking(listener) {
                throw failure("fcntl", error.code)
            }
            guard listen(listener, 32) == 0 else {
                throw failure("listen", errno)
            }

            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else {
                throw failure("pipe", errno)
            }
            opened.append(contentsOf: pipeEnds)
            for end in pipeEnds {
                guard ControlSocketCalls.setNonBlockingAndCloseOnExec(end) else {
                    throw failure("fcntl", errno)
                }
            }
            return ControlServerSetup(
                directory: directory, listener: listener, identity: identity, wakeReader: pipeEnds[0], wakeWriter: pipeEnds[1]
            )
        } catch {
            // Once bound, the socket file is ours; a failed later step removes it again.
            if isBound {
                unlinkat(directory, controlSocketFileName, 0)
            }
            closeOpened()
            throw error
        }
    }

    /// Applies the stale-socket rule. A socket whose `connect` is refused is left over from
    /// a dead trainer, so it is removed. A socket that accepts belongs to a live trainer.
    private static func removeStaleSocket(runDirectory: String, directory: Int32, path: String) throws(ControlServerError) {
        guard let existing = try existingFile(directory: directory) else {
            return
        }
        guard existing.isSocket else {
            throw .notASocket(path: path)
        }

        let probe: Int32
        switch ControlSocketCalls.makeStreamSocket() {
        case .success(let created): probe = created
        case .failure(let error): throw .systemCallFailed(path: path, operation: "socket", reason: error.text)
        }
        defer { close(probe) }

        switch ControlSocketCalls.connect(probe, runDirectory: runDirectory) {
        case .success:
            throw .alreadyServed(path: path)
        case .failure(let error) where error.code == ECONNREFUSED:
            guard unlinkat(directory, controlSocketFileName, 0) == 0 || errno == ENOENT else {
                throw .systemCallFailed(path: path, operation: "removing the stale socket", reason: POSIX.describe(errno: errno))
            }
        case .failure(let error) where error.code == ENOENT:
            // Removed by someone else since the check: nothing left to do.
            break
        case .failure(let error):
            throw .systemCallFailed(path: path, operation: "checking the existing socket", reason: error.text)
        }
    }

    /// Binds with umask 0177, so the file is created with mode 0600 and no other user can
    /// ever connect. The umask is process-wide, so it is restored at once.
    private static func bindRestricted(_ listener: Int32, runDirectory: String, directory: Int32, path: String) throws(ControlServerError) {
        let previousMask = umask(0o177)
        let result = ControlSocketAddress.withAddress(runDirectory: runDirectory) { address, length in
            Glibc.bind(listener, address, length) == 0 ? 0 : errno
        }
        umask(previousMask)

        switch result {
        case .success(0):
            return
        case .success(let code) where code == EADDRINUSE:
            // Another server bound the path between the stale check and here.
            throw .alreadyServed(path: path)
        case .success(let code):
            throw .systemCallFailed(path: path, operation: "bind", reason: POSIX.describe(errno: code))
        case .failure(let error):
            throw .systemCallFailed(path: path, operation: "opening the run directory", reason: error.text)
        }
    }

    /// Sets mode 0600 explicitly, in case the file system ignores the umask, and checks it.
    private static func checkMode(directory: Int32, path: String) throws(ControlServerError) -> POSIX.FileIdentity {
        guard fchmodat(directory, controlSocketFileName, 0o600, 0) == 0 else {
            throw .systemCallFailed(path: path, operation: "chmod", reason: POSIX.describe(errno: errno))
        }
        var info = stat()
        guard fstatat(directory, controlSocketFileName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw .systemCallFailed(path: path, operation: "stat", reason: POSIX.describe(errno: errno))
        }
        let mode = UInt32(info.st_mode) & 0o777
        guard mode == 0o600 else {
            throw .permissionsNotRestricted(path: path, mode: mode)
        }
        return POSIX.FileStatus(info).identity
    }

    struct ExistingFile {
        var isSocket: Bool
    }

    /// Returns what `control.sock` is, or nil when there is none.
    private static func existingFile(directory: Int32) throws(ControlServerError) -> ExistingFile? {
        var info = stat()
        guard fstatat(directory, controlSocketFileName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            return nil
        }
        return ExistingFile(isSocket: (info.st_mode & S_IFMT) == S_IFSOCK)
    }
}
