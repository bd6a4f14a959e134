#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OpOpTrace

/// Reads a finished trace file record by record, holding one line at a time, so a
/// trace of millions of steps passes through a digest or an exporter in bounded memory.
///
/// `TraceReader.readToEnd()` returns every record in one array, which suits a live view
/// but not a 5-million-step replay. This reader follows the same rules for a finished
/// file. Blank lines are ignored and a carriage return before the line feed is dropped.
/// A line that does not decode, or is longer than `TraceDecoder.maxLineBytes`, counts as
/// corrupt. Records of unknown types are skipped, and a last line without a line feed is
/// read as it is.
public enum TraceFileStream {
    /// The figures of one pass over a file.
    public struct Counts: Sendable, Equatable {
        public var lines = 0
        public var corruptLines = 0
        public var skippedRecords = 0
    }

    /// Calls `body` with each record of the file at `path`, in order.
    ///
    /// Throws `TraceReaderError` when the file cannot be opened or read, or when a line
    /// shows that the whole file is unreadable (another format, a newer version), and
    /// rethrows what `body` throws.
    public static func forEachRecord(
        path: String, chunkBytes: Int = 1 << 20, _ body: (TraceRecord) throws -> Void
    ) throws -> Counts {
        guard let file = fopen(path, "rb") else {
            let code = errno
            if code == ENOENT {
                throw TraceReaderError.notFound(path: path)
            }
            throw TraceReaderError.openFailed(path: path, reason: String(cString: strerror(code)))
        }
        defer { fclose(file) }

        var counts = Counts()
        var line: [UInt8] = []
        var lineTooLong = false
        var chunk = [UInt8](repeating: 0, count: max(1, chunkBytes))
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, file) }
            if count == 0 {
                if ferror(file) != 0 {
                    throw TraceReaderError.readFailed(path: path, reason: String(cString: strerror(errno)))
                }
                break
            }

            var start = 0
            for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                append(chunk[start..<index], to: &line, tooLong: &lineTooLong)
                try finishLine(&line, tooLong: &lineTooLong, path: path, counts: &counts, body)
                start = index + 1
            }
            append(chunk[start..<count], to: &line, tooLong: &lineTooLong)
        }

        if !line.isEmpty || lineTooLong {
            try finishLine(&line, tooLong: &lineTooLong, path: path, counts: &counts, body)
        }
        return counts
    }

    private static func append(_ piece: ArraySlice<UInt8>, to line: inout [UInt8], tooLong: inout Bool) {
        guard !tooLong else { return }

        if line.count + piece.count > TraceDecoder.maxLineBytes {
            tooLong = true
            line = []
            return
        }
        line.append(contentsOf: piece)
    }

    private static func finishLine(
        _ line: inout [UInt8], tooLong: inout Bool, path: String, counts: inout Counts,
        _ body: (TraceRecord) throws -> Void
    ) throws {
        counts.lines += 1
        defer {
            line.removeAll(keepingCapacity: true)
            tooLong = false
        }

        if tooLong {
            counts.corruptLines += 1
            return
        }
        if line.last == UInt8(ascii: "\r") {
            line.removeLast()
        }
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            return
        }

        let record: TraceRecord?
        do {
            record = try line.withUnsafeBufferPointer { buffer throws(TraceDecodingError) in
                try TraceDecoder.decode(line: buffer, lineNumber: counts.lines)
            }
        } catch where error.isFatal {
            throw TraceReaderError.unreadableTrace(path: path, error)
        } catch {
            counts.corruptLines += 1
            return
        }

        guard let record else {
            counts.skippedRecords += 1
            return
        }
        try body(record)
    }
}
