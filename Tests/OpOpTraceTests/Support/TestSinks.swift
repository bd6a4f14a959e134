import Foundation
import OpOpTrace

/// A sink that keeps everything in memory and counts the calls it gets.
class MemorySink: TraceSink, @unchecked Sendable {
    // @unchecked: every stored property is guarded by `lock`.
    let path: String
    let lock = NSCondition()
    private var storedBytes: [UInt8] = []
    private var storedWriteCount = 0
    private var storedSyncCount = 0
    private var storedCloseCount = 0

    init(path: String = "memory") {
        self.path = path
    }

    var text: String {
        lock.withLock { String(decoding: storedBytes, as: UTF8.self) }
    }

    /// The decoded records, in the order written.
    var records: [TraceRecord] {
        text.split(separator: "\n").compactMap { try? TraceDecoder.decode(line: String($0)) }
    }

    var writeCount: Int { lock.withLock { storedWriteCount } }
    var syncCount: Int { lock.withLock { storedSyncCount } }
    var closeCount: Int { lock.withLock { storedCloseCount } }

    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        lock.withLock {
            storedBytes.append(contentsOf: bytes)
            storedWriteCount += 1
            lock.broadcast()
        }
    }

    func synchronize() throws(TraceWriterError) {
        lock.withLock { storedSyncCount += 1 }
    }

    func close() throws(TraceWriterError) {
        lock.withLock { storedCloseCount += 1 }
    }

    /// Waits until `condition` holds for the text written so far, for at most `timeout` seconds.
    func waitForText(timeout: Double = 10, until condition: (String) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        return lock.withLock {
            while !condition(String(decoding: storedBytes, as: UTF8.self)) {
                if !lock.wait(until: deadline) {
                    return condition(String(decoding: storedBytes, as: UTF8.self))
                }
            }
            return true
        }
    }
}

/// A sink whose writes block while the gate is closed, standing in for a stalled disk.
final class StallingSink: MemorySink, @unchecked Sendable {
    private let gate = NSCondition()
    private var isOpen = true
    private var blockedWriteCount = 0

    func closeGate() {
        gate.withLock { isOpen = false }
    }

    func openGate() {
        gate.withLock {
            isOpen = true
            gate.broadcast()
        }
    }

    /// Waits until a write is blocked at the closed gate.
    func waitUntilWriteBlocks(timeout: Double = 10) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        return gate.withLock {
            while blockedWriteCount == 0 {
                if !gate.wait(until: deadline) {
                    return false
                }
            }
            return true
        }
    }

    override func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        gate.withLock {
            blockedWriteCount += isOpen ? 0 : 1
            gate.broadcast()
            while !isOpen {
                gate.wait()
            }
        }
        try super.write(bytes)
    }
}

/// A sink that fails every write and sync while `isFailing` is set, like a full disk;
/// with `failsSyncOnly` only `synchronize` fails.
final class FailingSink: MemorySink, @unchecked Sendable {
    private var failing = true
    private let failsSyncOnly: Bool

    init(path: String = "memory", failsSyncOnly: Bool = false) {
        self.failsSyncOnly = failsSyncOnly
        super.init(path: path)
    }

    var isFailing: Bool {
        get { lock.withLock { failing } }
        set { lock.withLock { failing = newValue } }
    }

    override func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        if isFailing && !failsSyncOnly {
            throw TraceWriterError(path: path, operation: .write, reason: "No space left on device", code: 28)
        }
        try super.write(bytes)
    }

    override func synchronize() throws(TraceWriterError) {
        if isFailing {
            throw TraceWriterError(path: path, operation: .sync, reason: "Input/output error", code: 5)
        }
        try super.synchronize()
    }
}

/// Values collected from other threads.
final class LockedList<Element>: @unchecked Sendable {
    // @unchecked: `items` is guarded by `lock`.
    private let lock = NSLock()
    private var items: [Element] = []

    func append(_ item: Element) {
        lock.withLock { items.append(item) }
    }

    var all: [Element] {
        lock.withLock { items }
    }
}

/// A sink whose writes fail at the given one-based call numbers, like a disk that fills
/// up and is then cleared.
final class FlakySink: MemorySink, @unchecked Sendable {
    private let failingCalls: Set<Int>
    private var callCount = 0

    init(failingCalls: Set<Int>) {
        self.failingCalls = failingCalls
        super.init()
    }

    override func write(_ bytes: UnsafeRawBufferPointer) throws(TraceWriterError) {
        let call = lock.withLock {
            callCount += 1
            return callCount
        }
        if failingCalls.contains(call) {
            throw TraceWriterError(path: path, operation: .write, reason: "No space left on device", code: 28)
        }
        try super.write(bytes)
    }
}
