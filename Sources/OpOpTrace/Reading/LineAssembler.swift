#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts chunks of a byte stream into lines at `\n`, holding an unterminated line until
/// a later chunk completes it.
///
/// A line longer than `maxLineBytes` is not kept in memory: its bytes are dropped as
/// they arrive and only its length is reported, when its newline arrives.
struct LineAssembler {
    enum Line {
        /// A complete line without its newline. The bytes are valid only during the call.
        case complete(UnsafeBufferPointer<UInt8>)
        /// A line that was dropped because it exceeded the limit.
        case tooLong(byteCount: Int)
    }

    let maxLineBytes: Int
    private var partialLine: [UInt8] = []
    /// The length so far of a line being dropped, or nil when none is.
    private var droppedLineLength: Int?

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Passes each line that `chunk` completes to `handle`, which returns false to stop;
    /// the rest of the chunk is then ignored.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Line) -> Bool) {
        var lineStart = 0

        while lineStart < chunk.count {
            guard let newline = indexOfNewline(in: chunk, from: lineStart) else {
                hold(UnsafeBufferPointer(rebasing: chunk[lineStart...]))
                return
            }
            let piece = UnsafeBufferPointer(rebasing: chunk[lineStart..<newline])
            lineStart = newline + 1

            if !finishLine(with: piece, handle) {
                return
            }
        }
    }

    /// Passes the held unterminated line, if any, to `handle` as if its newline had
    /// arrived.
    mutating func finish(_ handle: (Line) -> Bool) {
        guard droppedLineLength != nil || !partialLine.isEmpty else {
            return
        }
        _ = finishLine(with: UnsafeBufferPointer(start: nil, count: 0), handle)
    }

    /// Forgets the held line, for a reader that starts the file over.
    mutating func reset() {
        partialLine.removeAll()
        droppedLineLength = nil
    }

    private mutating func finishLine(with piece: UnsafeBufferPointer<UInt8>, _ handle: (Line) -> Bool) -> Bool {
        if let length = droppedLineLength {
            droppedLineLength = nil
            return handle(.tooLong(byteCount: length + piece.count))
        }
        if partialLine.isEmpty {
            return handleLine(piece, handle)
        }

        partialLine.append(contentsOf: piece)
        let line = partialLine
        partialLine.removeAll(keepingCapacity: true)
        return line.withUnsafeBufferPointer { handleLine($0, handle) }
    }

    private func handleLine(_ line: UnsafeBufferPointer<UInt8>, _ handle: (Line) -> Bool) -> Bool {
        guard line.count <= maxLineBytes else {
            return handle(.tooLong(byteCount: line.count))
        }
        return handle(.complete(line))
    }

    /// Keeps the start of a line, or switches to dropping it once it outgrows the limit.
    private mutating func hold(_ piece: UnsafeBufferPointer<UInt8>) {
        if let length = droppedLineLength {
            droppedLineLength = length + piece.count
            return
        }
        guard partialLine.count + piece.count <= maxLineBytes else {
            droppedLineLength = partialLine.count + piece.count
            partialLine.removeAll()
            return
        }
        partialLine.append(contentsOf: piece)
    }

    private func indexOfNewline(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = chunk.baseAddress.map({ $0 + start }),
              let found = memchr(base, Int32(UInt8(ascii: "\n")), chunk.count - start)
        else {
            return nil
        }
        return start + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
    }
}
