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
public final class TraceReader: RecordSource {
    public var path: String {
        file.path
    }

    /// Lines skipped because they did not decode, over the reader's lifetime.
    public private(set) var corruptLineCount = 0
    /// The most recent decoding error of a skipped line.
    public private(set) var lastCorruption: TraceDecodingError?
    /// Records skipped because their type or event kind is unknown to this reader.
    public private(set) var skippedRecordCount = 0
    /// The number of times the file was truncated or replaced and read again from the start.
    public var restartCount: Int {
        file.restartCount
    }
    /// Complete lines read from the current file, blank and corrupt ones included.
    public var lineCount: Int {
        file.lineCount
    }

    private let file: FollowedFile
    /// The groups reserved for the next step record: the previous step's group count.
    private var groupCapacity = 8
    /// A whole-file problem, thrown by every call once the records before it were returned.
    private var fileError: TraceReaderError?

    /// Creates a reader; the file is opened on the first read.
    ///
    /// - Parameters:
    ///   - maxLineBytes: The longest line kept; a longer one is skipped as corrupt.
    ///   - chunkBytes: The size one `read` call requests, in bytes.
    public init(path: String, maxLineBytes: Int = TraceDecoder.maxLineBytes, chunkBytes: Int = 1 << 20) {
        self.file = FollowedFile(path: path, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
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

        var records: [TraceRecord] = []
        var consumedBytes = 0
        let exists = try file.readLines(includingPartialLine: includingPartialLine) { line in
            if records.count == records.capacity {
                reserveForUnreadLines(&records, consumedBytes: consumedBytes)
            }
            if case .complete(let bytes) = line {
                consumedBytes += bytes.count + 1
            }
            return handle(line, into: &records)
        }
        guard exists else {
            if requireFile {
                throw TraceReaderError.notFound(path: path)
            }
            return []
        }

        if let fileError, records.isEmpty {
            throw fileError
        }
        return records
    }

    /// Reserves room for the records that the rest of the file likely holds, judged by
    /// the bytes per record so far in this call.
    ///
    /// Growing a large array by doubling copies it and touches fresh pages at every step,
    /// a cost that shows at hundreds of thousands of records. The estimate is only a
    /// guide: if the file grows, or its lines get longer, the array grows as usual.
    private func reserveForUnreadLines(_ records: inout [TraceRecord], consumedBytes: Int) {
        guard records.count >= 64, consumedBytes > 0 else {
            return
        }
        let bytesPerRecord = Double(consumedBytes) / Double(records.count)
        let estimate = Double(file.unreadByteCount) / bytesPerRecord * 1.05
        if estimate < Double(Int.max / 2), Int(estimate) + 16 > records.capacity {
            records.reserveCapacity(Int(estimate) + 16)
        }
    }

    /// Decodes a line or counts it as corrupt; returns false once reading must stop.
    private func handle(_ line: LineAssembler.Line, into records: inout [TraceRecord]) -> Bool {
        switch line {
        case .complete(let bytes):
            decodeLine(bytes, into: &records)
        case .tooLong(let byteCount):
            recordCorruption(TraceDecodingError(
                lineNumber: lineCount, problem: .lineTooLong(byteCount: byteCount, limit: file.maxLineBytes)
            ))
        }
        return fileError == nil
    }

    private func decodeLine(_ line: UnsafeBufferPointer<UInt8>, into records: inout [TraceRecord]) {
        if isBlank(line) {
            return
        }

        do {
            let record = try TraceDecoder.decode(line: line, lineNumber: lineCount, groupCapacity: groupCapacity)
            if let record {
                if case .step(let step) = record {
                    groupCapacity = max(1, step.groups.count)
                }
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
