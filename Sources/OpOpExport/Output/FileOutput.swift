#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Text output to a file, buffered so that a row per step does not mean a system call
/// per step.
///
/// `create(path:)` truncates an existing file. Call `close()` to flush the buffer and
/// learn whether the last writes succeeded; `deinit` closes without reporting.
public final class FileOutput: TextOutput {
    public let path: String

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 16

    /// Creates or truncates the file at `path` with permissions 0644 (before the umask).
    public init(creating path: String) throws(ExportError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw ExportError.openFailed(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.descriptor = opened
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    deinit {
        if descriptor >= 0 {
            try? flush()
            closeDescriptor(descriptor)
        }
    }

    public func write(_ text: String) throws(ExportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Writes out the buffer and closes the file; further writes fail.
    public func close() throws(ExportError) {
        guard descriptor >= 0 else { return }

        defer {
            closeDescriptor(descriptor)
            descriptor = -1
        }
        try flush()
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw ExportError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private func flush() throws(ExportError) {
        guard descriptor >= 0 else {
            throw ExportError.writeFailed(path: path, reason: "the file is already closed")
        }

        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes in
                writeBytes(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.removeAll(keepingCapacity: true)
                throw ExportError.writeFailed(path: path, reason: reason)
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

// File-scope wrappers, because inside `FileOutput` the names `close` and `write` mean its methods.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
