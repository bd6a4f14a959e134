import Foundation
import XCTest

@testable import OpOpNumPy

/// Prints encode, decode, write, read and CRC-32 throughput. It asserts nothing about
/// speed and runs only when OPOP_NUMPY_MEASURE=1, best in a release build:
///
///     OPOP_NUMPY_MEASURE=1 swift test -c release --filter ThroughputMeasurement
final class ThroughputMeasurement: XCTestCase {
    func testPrintThroughput() throws {
        guard ProcessInfo.processInfo.environment["OPOP_NUMPY_MEASURE"] == "1" else {
            throw XCTSkip("set OPOP_NUMPY_MEASURE=1 to print throughput")
        }

        // A checkpoint-like archive: eight float32 arrays of 2 Mi elements, 64 MiB in all.
        var archive = NPZArchive()
        for index in 0..<8 {
            archive.set("layer\(index)", NumPyArray(float32: (0..<(1 << 21)).map { Float($0 &* (index + 1)) }, shape: [1024, 2048]))
        }
        let megabytes = Double(8 << 23) / 1_048_576
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("measure.npz")

        var bytes: [UInt8] = []
        report("NPZ.encode", megabytes) { bytes = NPZ.encode(archive) }
        report("NPZ.decode", megabytes) { _ = try! NPZ.decode(bytes) }
        report("NPZ.write (fsync)", megabytes) { try! NPZ.write(archive, to: path) }
        report("NPZ.read", megabytes) { _ = try! NPZ.read(path: path) }
        report("CRC32", Double(bytes.count) / 1_048_576) { _ = CRC32.checksum(bytes) }

        var deflated = TestZipBuilder()
        deflated.addDeflated("a.npy", NPY.encode(archive["layer0"]!))
        let deflatedBytes = deflated.build()
        report("NPZ.decode deflated", 8) { _ = try! NPZ.decode(deflatedBytes) }
    }

    /// Runs `body` five times and prints the best time and the MiB/s it implies.
    private func report(_ label: String, _ megabytes: Double, _ body: () -> Void) {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let padded = label.padding(toLength: 22, withPad: " ", startingAt: 0)
        print("\(padded) \(String(format: "%8.1f", best * 1000)) ms  \(String(format: "%8.0f", megabytes / best)) MiB/s")
    }
}
