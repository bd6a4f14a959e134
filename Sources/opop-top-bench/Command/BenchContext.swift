import Foundation

/// The settings every case reads: the options, the sizes they imply and a scratch folder.
struct BenchContext {
    var options: BenchOptions
    /// A fresh folder for generated files, removed at the end of the run.
    var scratchDirectory: String

    var quick: Bool { options.quick }
    /// Repetitions of each timed loop, over which the table gives the median.
    var repetitions: Int { quick ? 3 : 7 }

    /// Picks the quick or the full size.
    func size<Value>(quick quickValue: Value, full fullValue: Value) -> Value {
        quick ? quickValue : fullValue
    }

    /// Returns the path of a scratch file named `name`.
    func scratchFile(_ name: String) -> String {
        scratchDirectory + "/" + name
    }

    /// Creates a fresh folder under the system's temporary folder.
    static func makeScratchDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/opop-top-bench.XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!)
        }
        guard created != nil else {
            throw BenchError("creating a scratch folder in '\(NSTemporaryDirectory())' failed: \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
