/// A fixed-size block of memory, allocated once and freed with its owner.
///
/// The network keeps its activations and deltas here rather than in arrays, so a training
/// step neither allocates nor pays copy-on-write and exclusivity checks in its inner loops.
final class ScratchBuffer<Element: BitwiseCopyable> {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deallocate()
    }
}
