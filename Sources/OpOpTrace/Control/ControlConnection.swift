import Glibc

/// One client of the control server. Used on the server thread only.
///
/// Replies go out in request order. Each request gets a slot: a `ping` or an invalid
/// request fills its slot at once, and a brain-changing command fills it when the
/// training loop completes it. Filled slots at the front move to the output buffer.
final class ControlConnection {
    let number: Int
    let descriptor: Int32

    /// Received bytes not yet split into lines.
    private(set) var input: [UInt8] = []
    /// Encoded replies in request order; nil for a reply still waiting for the trainer.
    private var slots: [[UInt8]?] = []
    /// The request number of `slots[0]`.
    private var firstSlotNumber = 0
    /// Bytes to send, from `outputStart` on.
    private var output: [UInt8] = []
    private var outputStart = 0

    /// False once the connection sent an overlong line or reached the end of its input.
    private(set) var isReading = true
    /// Set when the connection is to be closed once every reply is sent.
    var closesWhenFlushed = false
    /// Set when the connection failed or was dropped; the server closes it.
    var isBroken = false

    init(number: Int, descriptor: Int32) {
        self.number = number
        self.descriptor = descriptor
    }

    var unsentByteCount: Int {
        output.count - outputStart
    }

    var hasWaitingReplies: Bool {
        !slots.isEmpty
    }

    /// True when the connection has nothing left to send and is to be closed.
    var isDone: Bool {
        isBroken || (closesWhenFlushed && slots.isEmpty && unsentByteCount == 0)
    }

    /// Reserves the next reply slot and returns its request number.
    func reserveSlot() -> Int {
        slots.append(nil)
        return firstSlotNumber + slots.count - 1
    }

    /// Fills the slot of `requestNumber` and moves every filled slot at the front to the output.
    func fill(requestNumber: Int, with reply: ControlReply) {
        let index = requestNumber - firstSlotNumber
        guard slots.indices.contains(index) else { return }
        slots[index] = reply.encodedLine()

        var filledCount = 0
        while filledCount < slots.count, let bytes = slots[filledCount] {
            output.append(contentsOf: bytes)
            filledCount += 1
        }
        slots.removeFirst(filledCount)
        firstSlotNumber += filledCount
    }

    /// Appends a reply that needs no trainer, in order after the waiting ones.
    func reply(_ reply: ControlReply) {
        fill(requestNumber: reserveSlot(), with: reply)
    }

    /// Fills every waiting slot with `reply`, for a server that stops.
    func failWaitingReplies(with reply: ControlReply) {
        while !slots.isEmpty {
            fill(requestNumber: firstSlotNumber + slots.firstIndex(where: { $0 == nil })!, with: reply)
        }
    }

    /// Reads what the socket holds, up to `maxBytes`, so one busy client cannot starve
    /// the others. At the end of input it stops reading, and on an error it marks the
    /// connection broken.
    func readAvailable(maxBytes: Int) {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        var total = 0

        while total < maxBytes {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                input.append(contentsOf: chunk[..<count])
                total += count
                continue
            }
            if count == 0 {
                // The client closed its side; it may still read the replies it is owed.
                isReading = false
                closesWhenFlushed = true
                return
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                return
            default:
                isBroken = true
                return
            }
        }
    }

    /// Removes and returns the complete lines in the input, without their line feeds.
    func takeLines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        while let end = input[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(Array(input[start..<end]))
            start = end + 1
        }
        input.removeFirst(start)
        return lines
    }

    /// Stops reading after an overlong line: the connection closes once its replies are sent.
    func stopReading() {
        isReading = false
        closesWhenFlushed = true
        input.removeAll()
    }

    /// Sends as much output as the socket takes without blocking.
    func flush() {
        while unsentByteCount > 0 {
            let sent = output.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress! + outputStart, buffer.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 {
                outputStart += sent
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                compactOutput()
                return
            default:
                // EPIPE or ECONNRESET: the client went away, maybe in the middle of a reply.
                isBroken = true
                return
            }
        }
        output.removeAll(keepingCapacity: true)
        outputStart = 0
    }

    private func compactOutput() {
        if outputStart > 64 << 10 {
            output.removeFirst(outputStart)
            outputStart = 0
        }
    }
}
