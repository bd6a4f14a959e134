import OpOpBrain

/// Draws minibatch rows by shuffled passes over a dataset, so every row is used once per
/// pass (epoch) and the order differs from pass to pass.
struct MinibatchSampler {
    private var order: [Int]
    private var position: Int
    private var generator: SeededGenerator

    /// Number of passes finished so far.
    private(set) var completedEpochs = 0

    init(rowCount: Int, generator: SeededGenerator) {
        precondition(rowCount > 0, "A minibatch sampler needs at least one row")

        self.order = Array(0..<rowCount)
        self.generator = generator
        self.generator.shuffle(&order)
        self.position = 0
    }

    /// Overwrites every element of `batch` with the next row indices.
    ///
    /// When a pass ends, the next one starts on a fresh shuffle, even in the middle of a
    /// batch, so batches keep their full size. Allocates nothing.
    mutating func fill(_ batch: inout [Int]) {
        for slot in batch.indices {
            batch[slot] = order[position]
            position += 1

            if position == order.count {
                completedEpochs += 1
                generator.shuffle(&order)
                position = 0
            }
        }
    }
}
