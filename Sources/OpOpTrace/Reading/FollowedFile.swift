#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that another process may still be appending to, read line by line.
///
/// Each `readLines` call passes on the lines completed since the previous call. When
/// the file shrinks below what was already read, its first bytes change, or the path
/// comes to name another file (another inode), reading starts again from the first
/// byte and `restartCount` goes up. Both run readers share this, so a trace and a text
/// log follow a file the same way.
///
/// Not thread-safe: use it from one thread.
final class FollowedFile {
    let path: String
    let maxLineBytes: Int

    /// The number of times the file was truncated or replaced and read again from the start.
    private(set) var restartCount = 0
    /// Complete lines passed on from the current file, counting from 1 after a restart.
    private(set) var lineCount = 0
    /// The bytes the file contained beyond those read, as of the start of the current or
    /// last `readLines` call. It only guides memory reservation, because the file may grow.
    private(set) var unreadByteCount = 0

    private var descriptor: Int32 = -1
    private var identity: POSIX.FileIdentity?
    /// Bytes read from the current file so far.
    private var offset = 0
    private var lines: LineAssembler
    /// The file's first bytes, compared on each call to notice a rewrite in place.
    private var head: [UInt8] = []
    private var readBuffer: [UInt8]

    private static let headLength = 256

    init(path: String, maxLineBytes: Int, chunkBytes: Int) {
        self.path = path
        self.maxLineBytes = max(1, maxLineBytes)
        self.lines = LineAssembler(maxLineBytes: max(1, maxLineBytes))
        self.readBuffer = [UInt8](repeating: 0, count: max(1, chunkBytes))
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }

    /// Passes each line completed since the last call to `handle`, which returns false
    /// to stop reading for this call.
    ///
    /// With `includingPartialLine`, a last line without a newline is passed on as well.
    /// Returns false when the file does not exist (yet), and true otherwise.
    func readLines(
        includingPartialLine: Bool, _ handle: (LineAssembler.Line) -> Bool
    ) throws(TraceReaderError) -> Bool {
        try openOrRestartIfNeeded()
        guard descriptor >= 0 else {
            return false
        }

        var keepGoing = true
        let counted: (LineAssembler.Line) -> Bool = { line in
            self.lineCount += 1
            keepGoing = handle(line)
            return keepGoing
        }
        try readNewBytes(while: { keepGoing }, counted)

        if includingPartialLine, keepGoing {
            lines.finish(counted)
        }
        return true
    }

    /// Opens the file on first use, and starts over when it was truncated or replaced.
    private func openOrRestartIfNeeded() throws(TraceReaderError) {
        guard descriptor >= 0 else {
            try openFile()
            return
        }

        // A path that vanished leaves the open file readable. A path that names a new
        // file (another inode) means a new run started at the same path.
        if case .success(let status) = POSIX.status(path: path), status.identity != identity {
            close(descriptor)
            descriptor = -1
            resetPosition()
            restartCount += 1
            try openFile()
            return
        }

        let status: POSIX.FileStatus
        switch POSIX.status(descriptor: descriptor) {
        case .success(let value):
            status = value
        case .failure(let error):
            throw TraceReaderError.readFailed(path: path, reason: error.text)
        }

        if status.size < offset || !headIsUnchanged() {
            guard lseek(descriptor, 0, SEEK_SET) == 0 else {
                throw TraceReaderError.readFailed(path: path, reason: POSIX.describe(errno: errno))
            }
            resetPosition()
            restartCount += 1
        }
        unreadByteCount = max(0, status.size - offset)
    }

    private func openFile() throws(TraceReaderError) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            let code = errno
            if code == ENOENT {
                return
            }
            throw TraceReaderError.openFailed(path: path, reason: POSIX.describe(errno: code))
        }

        switch POSIX.status(descriptor: opened) {
        case .success(let status) where status.isDirectory:
            close(opened)
            throw TraceReaderError.openFailed(path: path, reason: "it is a directory, not a file")
        case .success(let status):
            descriptor = opened
            identity = status.identity
            unreadByteCount = max(0, status.size)
        case .failure(let error):
            close(opened)
            throw TraceReaderError.openFailed(path: path, reason: error.text)
        }
    }

    private func resetPosition() {
        offset = 0
        lines.reset()
        head.removeAll()
        lineCount = 0
    }

    /// Returns whether the file still starts with the bytes read from it earlier.
    private func headIsUnchanged() -> Bool {
        guard !head.isEmpty else {
            return true
        }

        var current = [UInt8](repeating: 0, count: head.count)
        let result = current.withUnsafeMutableBytes { buffer in
            POSIX.readChunk(descriptor: descriptor, into: buffer.baseAddress!, count: buffer.count, offset: 0)
        }
        guard case .success(let count) = result else {
            // A failed pread shows nothing about the content, and the next read reports its error.
            return true
        }
        return count == head.count && current == head
    }

    private func readNewBytes(
        while shouldContinue: () -> Bool, _ handle: (LineAssembler.Line) -> Bool
    ) throws(TraceReaderError) {
        while shouldContinue() {
            let result = readBuffer.withUnsafeMutableBytes { buffer in
                POSIX.readChunk(descriptor: descriptor, into: buffer.baseAddress!, count: buffer.count)
            }
            let count: Int
            switch result {
            case .success(let value):
                count = value
            case .failure(let error):
                throw TraceReaderError.readFailed(path: path, reason: error.text)
            }
            if count == 0 {
                return
            }

            offset += count
            readBuffer.withUnsafeBufferPointer { buffer in
                let chunk = UnsafeBufferPointer(rebasing: buffer[0..<count])
                rememberHead(chunk)
                lines.consume(chunk, handle)
            }
        }
    }

    private func rememberHead(_ chunk: UnsafeBufferPointer<UInt8>) {
        let missing = Self.headLength - head.count
        if missing > 0 {
            head.append(contentsOf: chunk.prefix(missing))
        }
    }
}
