#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSON Lines trace incrementally, while another process may still write it.
///
/// Each `readAvailable()` returns the records of the lines completed since the last
/// call. A last line without its newline is held until the newline arrives, because
/// the writer may be in the middle of it. Once the writer has finished, `readToEnd()`
/// takes that line as well.
///
/// Lines that do not decode are skipped and counted in `corruptLineCount`, except for
/// problems that concern the whole file (a newer major version, another format), which
/// throw. Blank lines are ignored. Records of unknown types are skipped and counted in
/// `skippedRecordCount`.
///
/// When the file shrinks below what was already read, its first bytes change, or the
/// path comes to name another file (another inode), the reader starts again from the
/// first byte and increments `restartCount`. The next records then begin with the new
/// file's header, so a consumer should reset its state when `restartCount` changes.
///
/// Not thread-safe: use one reader from one thread.
public final class TraceReader {
    public let path: String

    /// Lines skipped because they did not decode, over the reader's lifetime.
    public private(set) var corruptLineCount = 0
    /// The most recent decoding error of a skipped line.
    public private(set) var lastCorruption: TraceDecodingError?
    /// Records skipped because their type or event kind is unknown to this reader.
    public private(set) var skippedRecordCount = 0
    /// The number of times the file was truncated or replaced and read again from the start.
    public private(set) var restartCount = 0
    /// Complete lines read from the current file, blank and corrupt ones included.
    public private(set) var lineCount = 0

    private let maxLineBytes: Int
    private var descriptor: Int32 = -1
    private var identity: POSIX.FileIdentity?
    /// Bytes read from the current file so far.
    private var offset = 0
    private var lines: LineAssembler
    /// The file's first bytes, compared on each call to notice a rewrite in place.
    private var head: [UInt8] = []
    private var readBuffer: [UInt8]
    /// A whole-file problem, thrown by every call once the records before it were returned.
    private var fileError: TraceReaderError?

    private static let headLength = 256

    /// Creates a reader; the file is opened on the first read.
    ///
    /// - Parameters:
    ///   - maxLineBytes: The longest line kept; a longer one is skipped as corrupt.
    ///   - chunkBytes: The size one `read` call requests, in bytes.
    public init(path: String, maxLineBytes: Int = TraceDecoder.maxLineBytes, chunkBytes: Int = 1 << 20) {
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

    /// Returns the records of the lines completed since the last call.
    ///
    /// A file that does not exist yet reads as empty, because a watched run may not
    /// have created it.
    public func readAvailable() throws(TraceReaderError) -> [TraceRecord] {
        try read(includingPartialLine: false, requireFile: false)
    }

    /// Returns the remaining records, including a last line that has no newline.
    ///
    /// Call it once the writer has finished; a line still being written would be taken
    /// as a corrupt line. Throws `notFound` when the file does not exist.
    public func readToEnd() throws(TraceReaderError) -> [TraceRecord] {
        try read(includingPartialLine: true, requireFile: true)
    }

    private func read(includingPartialLine: Bool, requireFile: Bool) throws(TraceReaderError) -> [TraceRecord] {
        if let fileError {
            throw fileError
        }

        try openOrRestartIfNeeded()
        guard descriptor >= 0 else {
            if requireFile {
                throw TraceReaderError.notFound(path: path)
            }
            return []
        }

        var records: [TraceRecord] = []
        try readNewBytes(into: &records)

        if includingPartialLine, fileError == nil {
            lines.finish { handle($0, into: &records) }
        }

        if let fileError, records.isEmpty {
            throw fileError
        }
        return records
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
            throw TraceReaderError.openFailed(path: path, reason: "it is a directory, not a trace file")
        case .success(let status):
            descriptor = opened
            identity = status.identity
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

    private func readNewBytes(into records: inout [TraceRecord]) throws(TraceReaderError) {
        while fileError == nil {
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
                lines.consume(chunk) { handle($0, into: &records) }
            }
        }
    }

    private func rememberHead(_ chunk: UnsafeBufferPointer<UInt8>) {
        let missing = Self.headLength - head.count
        if missing > 0 {
            head.append(contentsOf: chunk.prefix(missing))
        }
    }

    /// Decodes a line or counts it as corrupt; returns false once reading must stop.
    private func handle(_ line: LineAssembler.Line, into records: inout [TraceRecord]) -> Bool {
        lineCount += 1
        switch line {
        case .complete(let bytes):
            decodeLine(bytes, into: &records)
        case .tooLong(let byteCount):
            recordCorruption(TraceDecodingError(
                lineNumber: lineCount, problem: .lineTooLong(byteCount: byteCount, limit: maxLineBytes)
            ))
        }
        return fileError == nil
    }

    private func decodeLine(_ line: UnsafeBufferPointer<UInt8>, into records: inout [TraceRecord]) {
        if isBlank(line) {
            return
        }

        do {
            if let record = try TraceDecoder.decode(line: line, lineNumber: lineCount) {
                records.append(record)
            } else {
                skippedRecordCount += 1
            }
        } catch where error.isFatal {
            fileError = .unreadableTrace(path: path, error)
        } catch {
            recordCorruption(error)
        }
    }

    private func recordCorruption(_ error: TraceDecodingError) {
        corruptLineCount += 1
        lastCorruption = error
    }

    private func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }
}
