import Foundation
import XCTest
@testable import OpOpTopApp

final class SubnormalFlushingTests: XCTestCase {
    /// Halves Float's smallest normal value on a new thread, with or without flushing.
    private func halvedSmallestNormal(flushing: Bool) -> Float {
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        // The halving factor comes from a runtime value, so the compiler cannot fold it.
        let factor = Float(ProcessInfo.processInfo.processIdentifier > 0 ? 0.5 : 0.25)
        let thread = Thread {
            if flushing {
                flushSubnormalsToZeroOnThisThread()
            }
            result.value = Float.leastNormalMagnitude * factor
            done.signal()
        }
        thread.start()
        done.wait()
        return result.value
    }

    func testFlushingZeroesSubnormalResults() throws {
        #if !arch(x86_64)
        throw XCTSkip("flushing is set only on x86-64")
        #else
        XCTAssertEqual(halvedSmallestNormal(flushing: false), Float.leastNormalMagnitude / 2, "a thread without flushing keeps subnormals")
        XCTAssertEqual(halvedSmallestNormal(flushing: true), 0, "a flushing thread turns the subnormal result into zero")
        #endif
    }
}

private final class ResultBox: @unchecked Sendable {
    var value: Float = -1
}
