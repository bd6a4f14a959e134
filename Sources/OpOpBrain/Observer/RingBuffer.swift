/// The most recent values up to a fixed capacity, indexed oldest first.
///
/// Appending to a full buffer overwrites the oldest value, and `self[0]` is always the
/// oldest value still held, so readers see time order however often the buffer wrapped.
struct RingBuffer: Equatable {
    private var storage: [Double]
    /// Storage index of the oldest value.
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        storage = [Double](repeating: 0, count: capacity)
    }

    /// Creates a buffer holding `values` (oldest first), keeping only the newest `capacity` of them.
    init(capacity: Int, timeOrdered values: [Double]) {
        self.init(capacity: capacity)
        for value in values {
            append(value)
        }
    }

    var capacity: Int { storage.count }

    var isEmpty: Bool { count == 0 }

    /// The value `index` steps after the oldest one, for `index` in 0..<count.
    subscript(index: Int) -> Double {
        // head + index < 2·capacity, so one subtraction replaces a division.
        let position = head + index
        return storage[position < storage.count ? position : position - storage.count]
    }

    var newest: Double? { count == 0 ? nil : self[count - 1] }

    /// The values oldest first.
    var timeOrdered: [Double] { (0..<count).map { self[$0] } }

    /// Writes the values oldest first to `destination`, which has room for `count` values.
    func copyTimeOrdered(to destination: UnsafeMutablePointer<Double>) {
        storage.withUnsafeBufferPointer { storage in
            let firstPart = min(count, storage.count - head)
            destination.update(from: storage.baseAddress! + head, count: firstPart)
            (destination + firstPart).update(from: storage.baseAddress!, count: count - firstPart)
        }
    }

    mutating func append(_ value: Double) {
        if count < storage.count {
            storage[(head + count) % storage.count] = value
            count += 1
        } else {
            storage[head] = value
            head = (head + 1) % storage.count
        }
    }

    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// Buffers are equal when they have the same capacity and hold the same values in the
    /// same order, wherever those values sit in storage.
    static func == (lhs: RingBuffer, rhs: RingBuffer) -> Bool {
        lhs.capacity == rhs.capacity && lhs.timeOrdered == rhs.timeOrdered
    }
}
