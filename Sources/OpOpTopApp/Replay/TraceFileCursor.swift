#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OpOpTrace

/// Reads the records of a finished JSON Lines trace from any byte offset.
///
/// It counts bytes itself, so each record comes with the offset of its line, and a
/// later `seek(to:)` resumes there. It follows the reader's rules for a finished file.
/// A carriage return before the line feed is dropped and blank lines are ignored. A
/// line that does not decode or is longer than `TraceDecoder.maxLineBytes` is corrupt,
/// and a record of an unknown type is skipped. A last line without a line feed is read
/// as it is. A line that shows the whole file is unreadable (another format, a newer
/// version) throws.
final class TraceFileCursor: RecordCursor {
    static let chunkBytes = 1 << 20

    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// The file offset of `buffer[0]`.
    private var bufferOffset = 0
    /// The index in `buffer` of the next unread byte.
    private var index = 0
    private var reachedEndOfFile = false
    private(set) var corruptLineCount = 0

    init(path: String) throws(TraceReaderError) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            let code = errno
            if code == ENOENT { throw TraceReaderError.notFound(path: path) }
            throw TraceReaderError.openFailed(path: path, reason: String(cString: strerror(code)))
        }
        self.path = path
        descriptor = opened
    }

    deinit {
        close(descriptor)
    }

    var position: Int { bufferOffset + index }

    /// The file's size in bytes now; it grows while a trainer still writes the trace.
    var size: Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return 0 }
        return Int(status.st_size)
    }

    func seek(to position: Int) {
        let target = max(0, position)
        if target >= bufferOffset && target <= bufferOffset + buffer.count {
            index = target - bufferOffset
        } else {
            buffer.removeAll(keepingCapacity: true)
            bufferOffset = target
            index = 0
        }
        reachedEndOfFile = false
    }

    func next() throws(TraceReaderError) -> (record: TraceRecord, start: Int)? {
        while let line = try nextLine() {
            guard let end = line.end else {
                corruptLineCount += 1
                continue
            }

            var record: TraceRecord?
            var fatal: TraceDecodingError?
            buffer.withUnsafeBufferPointer { bytes in
                var text = UnsafeBufferPointer(rebasing: bytes[(line.start - bufferOffset)..<end])
                if text.last == UInt8(ascii: "\r") {
                    text = UnsafeBufferPointer(rebasing: text.dropLast())
                }
                guard !text.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { return }

                do throws(TraceDecodingError) {
                    record = try TraceDecoder.decode(line: text)
                } catch where error.isFatal {
                    fatal = error
                } catch {
                    corruptLineCount += 1
                }
            }
            if let fatal {
                throw TraceReaderError.unreadableTrace(path: path, fatal)
            }
            if let record {
                return (record, line.start)
            }
        }
        return nil
    }

    /// Finds the next line and moves past it. Returns the file offset of its start and
    /// the buffer index of its end (before the line feed), with a nil end for a line
    /// longer than `TraceDecoder.maxLineBytes`, whose bytes are not kept. Returns nil
    /// at the end of the file.
    private func nextLine() throws(TraceReaderError) -> (start: Int, end: Int?)? {
        let start = position
        var scanned = 0
        var isTooLong = false

        while true {
            if let newline = indexOfNewline(from: index + scanned) {
                index = newline + 1
                return (start, isTooLong ? nil : newline)
            }
            if reachedEndOfFile {
                guard index < buffer.count || isTooLong else { return nil }
                let end = buffer.count
                index = buffer.count
                return (start, isTooLong ? nil : end)
            }

            scanned = buffer.count - index
            if scanned > TraceDecoder.maxLineBytes {
                // Drop the start of an overlong line and keep looking for its end.
                isTooLong = true
                index = buffer.count
                scanned = 0
            }
            try fill()
        }
    }

    /// Drops the bytes already read and appends the next chunk of the file.
    private func fill() throws(TraceReaderError) {
        if index > 0 {
            buffer.removeFirst(index)
            bufferOffset += index
            index = 0
        }

        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkBytes))
        var count = 0
        while true {
            count = buffer.withUnsafeMutableBytes { bytes in
                pread(descriptor, bytes.baseAddress! + oldCount, Self.chunkBytes, off_t(bufferOffset + oldCount))
            }
            if count < 0 && errno == EINTR { continue }
            break
        }
        guard count >= 0 else {
            buffer.removeLast(Self.chunkBytes)
            throw TraceReaderError.readFailed(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.removeLast(Self.chunkBytes - count)
        if count == 0 { reachedEndOfFile = true }
    }

    private func indexOfNewline(from start: Int) -> Int? {
        guard start < buffer.count else { return nil }

        return buffer.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress! + start
            guard let found = memchr(base, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }
            return start + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
        }
    }
}
