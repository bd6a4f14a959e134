import CZlib

/// A gzip stream that zlib could not decompress.
struct GunzipError: Error, Equatable, CustomStringConvertible {
    /// The zlib return code, such as `Z_DATA_ERROR`, or `Z_OK` for a problem found here.
    let zlibCode: Int32
    let detail: String

    var description: String { "gzip decompression failed: \(detail)" }
}

/// Decompresses one complete gzip member (RFC 1952) with zlib.
///
/// Throws `GunzipError` when the header or the deflate data is invalid, when the CRC-32
/// or length in the trailer does not match, or when the input ends before the stream
/// does. Bytes after the stream are rejected too, so a second gzip member is an error.
func gunzip(_ compressed: [UInt8]) throws -> [UInt8] {
    guard compressed.count <= Int(UInt32.max) else {
        throw GunzipError(zlibCode: Z_OK, detail: "input of \(compressed.count) bytes exceeds zlib's 4 GiB limit")
    }

    var stream = z_stream()

    // 16 + MAX_WBITS selects the gzip wrapper, with the largest window.
    let initStatus = inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard initStatus == Z_OK else {
        throw GunzipError(zlibCode: initStatus, detail: "inflateInit2 returned \(initStatus)")
    }
    defer { inflateEnd(&stream) }

    var output: [UInt8] = []
    output.reserveCapacity(compressed.count * 4)
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    try compressed.withUnsafeBufferPointer { input in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)

        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])

            switch status {
            case Z_STREAM_END:
                guard stream.avail_in == 0 else {
                    throw GunzipError(zlibCode: Z_OK, detail: "\(stream.avail_in) bytes follow the end of the gzip stream")
                }
                return

            case Z_OK:
                continue

            case Z_BUF_ERROR:
                // zlib made no progress: the output chunk always has room, so the input ran out.
                throw GunzipError(zlibCode: status, detail: "the data ends before the gzip stream does (truncated input)")

            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw GunzipError(zlibCode: status, detail: message)
            }
        }
    }

    return output
}
