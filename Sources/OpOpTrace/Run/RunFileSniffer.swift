#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells a trace from an opop text log by the first lines of a file.
enum RunFileSniffer {
    enum Verdict: Equatable {
        /// The first non-blank line is a trace header.
        case trace
        /// A line among the first ones is an opop progress, `[eval]`, `[ckpt]` or `[ctrl]` line.
        case opopLog
        /// The first non-blank line is a trace header of a version or format this
        /// reader rejects.
        case unsupportedTrace(reason: String)
        /// Nothing but blank lines. `wholeFile` is true when the file ended within the
        /// sniffed length.
        case empty(wholeFile: Bool)
        /// Text or bytes that fit neither form.
        case otherText(wholeFile: Bool)
    }

    /// The number of bytes examined from the start of the file.
    static let sniffLength = 64 << 10

    static func sniff(path: String) throws(RunPathError) -> Verdict {
        let bytes = try readPrefix(path: path)
        return classify(bytes, wholeFile: bytes.count < sniffLength)
    }

    static func classify(_ bytes: [UInt8], wholeFile: Bool) -> Verdict {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A last line without a newline may be cut short, unless the file ends there.
        let lastIsComplete = wholeFile || bytes.last == UInt8(ascii: "\n")
        let lastLine = lastIsComplete ? nil : lines.popLast()

        var sawText = false
        for line in lines {
            let parsed = line.withUnsafeBufferPointer { OpopLogParser.parse($0) }
            if !sawText && !isBlank(line) {
                if let verdict = traceVerdict(line) {
                    return verdict
                }
            }
            switch parsed {
            case .progress, .evaluation, .checkpoint, .control:
                return .opopLog
            case .other where isBlank(line):
                continue
            case .other, .unreadable:
                sawText = true
            }
        }

        // A trace header still being written when the file was sniffed.
        if !sawText, let lastLine, lastLine.first(where: { !isSpace($0) }) == UInt8(ascii: "{") {
            return .trace
        }
        if sawText || lastLine.map({ !isBlank($0) }) == true {
            return .otherText(wholeFile: wholeFile)
        }
        return .empty(wholeFile: wholeFile)
    }

    /// Returns a verdict when the line is a trace header, or nil when it is none.
    private static func traceVerdict(_ line: ArraySlice<UInt8>) -> Verdict? {
        do {
            let record = try line.withUnsafeBufferPointer { bytes throws(TraceDecodingError) in
                try TraceDecoder.decode(line: bytes, lineNumber: 1)
            }
            if case .header = record {
                return .trace
            }
            return nil
        } catch where error.isFatal {
            return .unsupportedTrace(reason: error.description)
        } catch {
            return nil
        }
    }

    private static func readPrefix(path: String) throws(RunPathError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RunPathError.unreadable(path: path, reason: POSIX.describe(errno: errno))
        }
        defer { close(descriptor) }

        var buffer = [UInt8](repeating: 0, count: sniffLength)
        var filled = 0
        while filled < sniffLength {
            let result = buffer.withUnsafeMutableBytes { raw in
                POSIX.readChunk(descriptor: descriptor, into: raw.baseAddress! + filled, count: sniffLength - filled)
            }
            switch result {
            case .success(0):
                return Array(buffer[..<filled])
            case .success(let count):
                filled += count
            case .failure(let error):
                throw RunPathError.unreadable(path: path, reason: error.text)
            }
        }
        return buffer
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy(isSpace)
    }
}
