#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a `TraceWriter` puts its bytes: the trace file, or a stand-in in tests.
///
/// The writer calls a sink from its own thread only, one call at a time, so an
/// implementation needs no locking of its own. A call may block for as long as the
/// storage does; the trainer never waits for it.
public protocol TraceSink: AnyObject, Sendable {
    /// The destination of the bytes, for error messages.
    var path: String { get }
    /// Writes all of `bytes` or throws. Bytes are whole lines except after a failure.
    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError)
    /// Makes what was written durable (`fsync` for a file).
    func synchronize() throws(TraceWriterError)
    /// Releases the sink; the writer calls it once, last.
    func close() throws(TraceWriterError)
}

/// A trace file opened for appending.
///
/// After a write that failed partway (a full disk), the next write starts with a
/// newline, so the torn line becomes one corrupt line that readers skip instead of
/// gluing itself to the next record.
public final class FileTraceSink: TraceSink, @unchecked Sendable {
    // @unchecked: `descriptor` and `endsInsideLine` change only on the writer's thread,
    // which the TraceSink contract makes the only caller.

    public let path: String
    private var descriptor: Int32
    private var endsInsideLine = false

    /// Opens `path` for appending, creating it with mode 0644 when missing.
    public init(path: String) throws(TraceWriterError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            let code = errno
            throw TraceWriterError(path: path, operation: .open, reason: POSIX.describe(errno: code), code: code)
        }
        self.path = path
        self.descriptor = opened
    }

    deinit {
        if descriptor >= 0 {
            _ = POSIX.closeDescriptor(descriptor)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        guard descriptor >= 0 else {
            throw TraceWriterError(path: path, operation: .write, reason: "the file is already closed")
        }

        if endsInsideLine {
            var newline = UInt8(ascii: "\n")
            let result = withUnsafeBytes(of: &newline) { POSIX.writeAll(descriptor: descriptor, $0) }
            if case .failure(let error) = result {
                throw TraceWriterError(path: path, operation: .write, reason: error.text, code: error.code)
            }
            endsInsideLine = false
        }

        if case .failure(let error) = POSIX.writeAll(descriptor: descriptor, bytes) {
            endsInsideLine = error.writtenByteCount > 0 && bytes[error.writtenByteCount - 1] != UInt8(ascii: "\n")
            throw TraceWriterError(path: path, operation: .write, reason: error.text, code: error.code)
        }
    }

    public func synchronize() throws(TraceWriterError) {
        guard descriptor >= 0 else {
            return
        }
        if case .failure(let error) = POSIX.synchronize(descriptor: descriptor) {
            throw TraceWriterError(path: path, operation: .sync, reason: error.text, code: error.code)
        }
    }

    public func close() throws(TraceWriterError) {
        guard descriptor >= 0 else {
            return
        }
        let closing = descriptor
        descriptor = -1
        if case .failure(let error) = POSIX.closeDescriptor(closing) {
            throw TraceWriterError(path: path, operation: .close, reason: error.text, code: error.code)
        }
    }
}
