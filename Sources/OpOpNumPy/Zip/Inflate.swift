import CZlib

/// Decompression of raw deflate streams (RFC 1951, no zlib or gzip wrapper), as ZIP
/// stores them, through the system zlib.
enum Inflate {
    /// Inflates `compressed`, which must be exactly one complete deflate stream whose
    /// output is `expectedSize` bytes.
    ///
    /// Output grows in chunks and inflation stops one byte past `expectedSize`, so a
    /// corrupt size field or a compression bomb cannot make this allocate more than the
    /// archive declares.
    static func inflate(_ compressed: ArraySlice<UInt8>, expectedSize: Int) throws(NumPyFormatError) -> [UInt8] {
        var stream = z_stream()
        let initResult = inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initResult == Z_OK else {
            throw corrupt("zlib inflateInit2 failed with code \(initResult)")
        }
        defer { inflateEnd(&stream) }

        let chunkSize = 1 << 20
        let outputLimit = expectedSize < Int.max ? expectedSize + 1 : Int.max
        var output = [UInt8](repeating: 0, count: min(expectedSize, chunkSize) + 1)
        var produced = 0
        var result: Int32 = Z_OK
        var unconsumed = 0

        compressed.withUnsafeBufferPointer { inputBuffer in
            var consumed = 0

            while result == Z_OK {
                // zlib counts input in 32-bit units, so feed larger inputs in pieces.
                if stream.avail_in == 0 && consumed < inputBuffer.count {
                    let piece = min(inputBuffer.count - consumed, Int(UInt32.max))
                    stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress! + consumed)
                    stream.avail_in = UInt32(piece)
                    consumed += piece
                }

                if produced == output.count {
                    // Never grow past one byte more than expected: that byte shows an overrun.
                    let target = min(output.count + chunkSize, outputLimit)
                    if target <= output.count {
                        break
                    }
                    output.append(contentsOf: repeatElement(0, count: target - output.count))
                }

                output.withUnsafeMutableBufferPointer { outputBuffer in
                    let room = min(outputBuffer.count - produced, Int(UInt32.max))
                    stream.next_out = outputBuffer.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced += room - Int(stream.avail_out)
                }
            }
            unconsumed = inputBuffer.count - consumed + Int(stream.avail_in)
        }

        switch result {
        case Z_STREAM_END:
            break
        case Z_OK, Z_BUF_ERROR:
            if produced > expectedSize {
                throw corrupt("the deflate stream inflates to more than the declared \(expectedSize) bytes")
            }
            throw corrupt("the deflate stream ends early after \(produced) of \(expectedSize) bytes")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "code \(result)"
            throw corrupt("zlib reports invalid deflate data (\(message))")
        }

        guard unconsumed == 0 else {
            throw corrupt("\(unconsumed) bytes follow the end of the deflate stream")
        }
        guard produced == expectedSize else {
            throw corrupt("the deflate stream inflates to \(produced) bytes but the archive declares \(expectedSize)")
        }

        output.removeLast(output.count - produced)
        return output
    }

    private static func corrupt(_ reason: String) -> NumPyFormatError {
        NumPyFormatError(.corruptDeflate, reason, fix: "the archive is corrupt; write it again")
    }
}
