import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The last lines of a growing text file, for the output panel.
///
/// Each `poll` reads what was appended since the previous one, at most `maxReadBytes`:
/// when more arrived, it skips to the newest bytes, because only the last lines show.
/// A line without its newline yet is shown as it is and completed by the next poll.
final class OutputTail {
    let path: String
    let maxLines: Int
    let maxReadBytes: Int

    private(set) var lines: [String] = []
    private var partial: [UInt8] = []
    private var offset: off_t = 0

    init(path: String, maxLines: Int = 200, maxReadBytes: Int = 64 << 10) {
        self.path = path
        self.maxLines = maxLines
        self.maxReadBytes = maxReadBytes
    }

    /// Reads new bytes and returns the lines to show, oldest first.
    func poll() -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return shown }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return shown }
        if status.st_size < offset {
            // Truncated or replaced: start again.
            offset = 0
            lines.removeAll()
            partial.removeAll()
        }
        if status.st_size - offset > off_t(maxReadBytes) {
            offset = status.st_size - off_t(maxReadBytes)
            partial.removeAll()
        }

        var buffer = [UInt8](repeating: 0, count: maxReadBytes)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
        guard count > 0 else { return shown }
        offset += off_t(count)

        for byte in buffer.prefix(count) {
            if byte == UInt8(ascii: "\n") {
                append(partial)
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
        return shown
    }

    private var shown: [String] {
        partial.isEmpty ? lines : lines + [Self.text(partial)]
    }

    private func append(_ bytes: [UInt8]) {
        lines.append(Self.text(bytes))
        if lines.count > maxLines {
            lines.removeFirst(lines.count - maxLines)
        }
    }

    /// Decodes a line as UTF-8, replacing invalid bytes, and drops a carriage return
    /// and the rest of a progress bar redrawn with `\r`.
    private static func text(_ bytes: [UInt8]) -> String {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        if let lastReturn = line.lastIndex(of: "\r") {
            line = String(line[line.index(after: lastReturn)...])
        }
        return line.replacingOccurrences(of: "\t", with: "    ")
    }
}
