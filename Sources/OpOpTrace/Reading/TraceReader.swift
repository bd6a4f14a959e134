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
    /// The start of an unterminated line, kept until its newline arrives.
    private var partialLine: [UInt8] = []
    /// Set while dropping a line that outgrew `maxLineBytes` until its newline arrives.
    private var isDiscardingLongLine = false
    /// The file's first bytes, compared on each call to notice a rewrite in place.
    private var head: [UInt8] = []
    private var readBuffer: [UInt8]
    /// A whole-file problem, thrown by every call once the records before it were returned.
    private var fatalError: TraceReaderError?

    private static let headLength = 256

    /// Creates a reader; the file is opened on the first read.
    ///
    /// - Parameters:
    ///   - maxLineBytes: The longest line kept; a longer one is skipped as corrupt.
    ///   - chunkBytes: The size one `read` call requests, in bytes.
    public init(path: String, maxLineBytes: Int = TraceDecoder.maxLineBytes, chunkBytes: Int = 1 << 20) {
        self.path = path
        self.maxLineBytes = max(1, maxLineBytes)
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
        if let fatalError {
            throw fatalError
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

        if includingPartialLine, fatalError == nil, !partialLine.isEmpty, !isDiscardingLongLine {
            let line = partialLine
            partialLine.removeAll()
            line.withUnsafeBufferPointer { decodeLine($0, into: &records) }
        }

        if let fatalError, records.isEmpty {
            throw fatalError
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
        partialLine.removeAll()
        isDiscardingLongLine = false
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
            // A failed pread tells nothing about the content, and the next read reports its error.
            return true
        }
        return count == head.count && current == head
    }

    private func readNewBytes(into records: inout [TraceRecord]) throws(TraceReaderError) {
        while fatalError == nil {
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
                splitLines(chunk, into: &records)
            }
        }
    }

    private func rememberHead(_ chunk: UnsafeBufferPointer<UInt8>) {
        let missing = Self.headLength - head.count
        if missing > 0 {
            head.append(contentsOf: chunk.prefix(missing))
        }
    }

    /// Decodes every line the chunk completes and keeps the unterminated rest.
    private func splitLines(_ chunk: UnsafeBufferPointer<UInt8>, into records: inout [TraceRecord]) {
        var lineStart = 0

        while lineStart < chunk.count, fatalError == nil {
            guard let newline = indexOfNewline(in: chunk, from: lineStart) else {
                keepPartialLine(UnsafeBufferPointer(rebasing: chunk[lineStart...]))
                return
            }
            let piece = UnsafeBufferPointer(rebasing: chunk[lineStart..<newline])
            lineStart = newline + 1

            if isDiscardingLongLine {
                isDiscardingLongLine = false
                lineCount += 1
                continue
            }
            if partialLine.isEmpty {
                decodeLine(piece, into: &records)
            } else {
                partialLine.append(contentsOf: piece)
                let line = partialLine
                partialLine.removeAll(keepingCapacity: true)
                line.withUnsafeBufferPointer { decodeLine($0, into: &records) }
            }
        }
    }

    private func indexOfNewline(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let base = chunk.baseAddress! + start
        guard let found = memchr(base, Int32(UInt8(ascii: "\n")), chunk.count - start) else {
            return nil
        }
        return start + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
    }

    /// Holds the start of a line, or drops it once it outgrows `maxLineBytes`.
    private func keepPartialLine(_ piece: UnsafeBufferPointer<UInt8>) {
        guard !isDiscardingLongLine else {
            return
        }
        guard partialLine.count + piece.count <= maxLineBytes else {
            let byteCount = partialLine.count + piece.count
            partialLine.removeAll()
            isDiscardingLongLine = true
            recordCorruption(TraceDecodingError(
                lineNumber: lineCount + 1, problem: .lineTooLong(byteCount: byteCount, limit: maxLineBytes)
            ))
            return
        }
        partialLine.append(contentsOf: piece)
    }

    private func decodeLine(_ line: UnsafeBufferPointer<UInt8>, into records: inout [TraceRecord]) {
        lineCount += 1
        if isBlank(line) {
            return
        }
        guard line.count <= maxLineBytes else {
            recordCorruption(TraceDecodingError(
                lineNumber: lineCount, problem: .lineTooLong(byteCount: line.count, limit: maxLineBytes)
            ))
            return
        }

        do {
            if let record = try TraceDecoder.decode(line: line, lineNumber: lineCount) {
                records.append(record)
            } else {
                skippedRecordCount += 1
            }
        } catch where error.isFatal {
            fatalError = .unreadableTrace(path: path, error)
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
