import CMalloc
import Foundation
import OpOpBrain
import OpOpNumPy

enum BrainMemoryField {
    static let heapBytes = "heap_bytes"
    static let checkpointBytes = "checkpoint_bytes"
}

/// Measures the heap bytes one brain allocates as the growth of glibc's allocated bytes
/// (`mallinfo2()`: `uordblks` in the arenas plus `hblkhd` in mmapped chunks) over
/// creating it, which allocates its buffers at their full sizes. It runs in a fresh
/// process so that no earlier case frees memory during the measurement. The sum of the checkpoint's array sizes
/// (parameters, Adam moments, experiences, observer histories) is the cross-check.
func runBrainMemoryProbe(_ arguments: [String]) throws -> Int32 {
    guard arguments.count == 2, let groupCount = Int(arguments[0]), groupCount > 0 else {
        throw BenchError("brain-memory takes GROUPS (a positive number) and a folder, got \(arguments)")
    }
    var generator = SeededGenerator(seed: 5)
    let gradients = (0..<groupCount).map { _ in (0..<4096).map { _ in Float(generator.nextNormal()) } }
    let configuration = BrainConfiguration(groupNames: (0..<groupCount).map { "layer\($0).weight" })

    let before = allocatedBytes()
    let brain = try Brain(configuration: configuration)
    let heapBytes = allocatedBytes() - before

    // Steps fill the experience buffer and histories for the checkpoint. The heap is read
    // before them because the allocated total then fell below its starting value in
    // trials, so something allocated earlier was freed and the difference is not the brain's.
    for step in 1...(configuration.updateInterval * 2 + 1) {
        brain.decide(loss: 1 / Double(step))
        for group in 0..<groupCount {
            gradients[group].withUnsafeBufferPointer { brain.recordGradient(group: group, gradient: $0) }
        }
        brain.finishStep()
    }

    let path = arguments[1] + "/brain-\(getpid()).npz"
    try brain.saveCheckpoint(to: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let archive = try NPZ.read(path: path)
    let arrayBytes = archive.entries.reduce(0) { $0 + $1.array.count * $1.array.dtype.itemSize }

    print(encodeChildJSON([
        (BrainMemoryField.heapBytes, Double(heapBytes)), (BrainMemoryField.checkpointBytes, Double(arrayBytes)),
    ]))
    return 0
}

/// Bytes allocated by malloc and not yet freed, including chunks above the mmap threshold.
private func allocatedBytes() -> Int {
    let info = mallinfo2()
    return Int(info.uordblks) + Int(info.hblkhd)
}
