import Foundation

/// The loss half of the observation: six features of the recent finite losses.
///
/// Every feature is a ratio of losses, a z-score or a function of the step count, so
/// multiplying every loss by a positive constant leaves the features unchanged. Each
/// feature is clamped to a finite range, and a non-finite loss is never recorded.
struct LossObserver: Equatable {
    static let featureCount = 6
    static let featureLimit = 5.0

    private(set) var history: RingBuffer
    /// Finite losses recorded since the last reset, which drive the phase feature.
    private(set) var recordedCount = 0

    init(window: Int) {
        history = RingBuffer(capacity: window)
    }

    init(window: Int, timeOrdered losses: [Double], recordedCount: Int) {
        history = RingBuffer(capacity: window, timeOrdered: losses)
        self.recordedCount = recordedCount
    }

    /// Records a loss. The caller passes finite losses only.
    mutating func record(_ loss: Double) {
        history.append(loss)
        recordedCount += 1
    }

    mutating func reset() {
        history.removeAll()
        recordedCount = 0
    }

    /// Writes the six features to `output[0..<6]`:
    /// 0. relative trend: least-squares slope over the window times its span, over mean |L|
    /// 1. relative recent change: newest quarter's mean minus the quarter before, over mean |L|
    /// 2. coefficient of variation: standard deviation over mean |L|
    /// 3. last-step relative change: (L_t − L_{t−1}) / |L_{t−1}|
    /// 4. z-score of the newest loss within the window
    /// 5. phase: log1p(recorded losses) / 10
    func writeFeatures(to output: UnsafeMutablePointer<Float>) {
        for index in 0..<Self.featureCount {
            output[index] = 0
        }
        output[5] = Float(min(log1p(Double(recordedCount)) / 10, 2))

        let count = history.count
        guard count >= 2 else { return }

        // The loops below read the window oldest first from contiguous memory.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer in
            history.copyTimeOrdered(to: buffer.baseAddress!)
            writeWindowFeatures(UnsafeBufferPointer(buffer), to: output)
        }
    }

    /// Writes features 0 to 4 for `history`, a window of at least two losses, oldest first.
    private func writeWindowFeatures(_ history: UnsafeBufferPointer<Double>, to output: UnsafeMutablePointer<Float>) {
        let count = history.count
        var meanLoss = 0.0
        var meanMagnitude = 0.0
        for index in 0..<count {
            meanLoss += history[index]
            meanMagnitude += abs(history[index])
        }
        meanLoss /= Double(count)
        meanMagnitude /= Double(count)
        guard meanMagnitude > 0 else { return }

        var variance = 0.0
        for index in 0..<count {
            let deviation = history[index] - meanLoss
            variance += deviation * deviation
        }
        let standardDeviation = (variance / Double(count)).squareRoot()

        let slope = VectorMath.slope(count: count) { history[$0] }
        output[0] = bounded(slope * Double(count - 1) / meanMagnitude)

        let quarter = max(1, count / 4)
        let newestQuarter = mean(of: history, from: count - quarter, length: quarter)
        let previousQuarter = mean(of: history, from: count - 2 * quarter, length: quarter)
        output[1] = bounded((newestQuarter - previousQuarter) / meanMagnitude)

        output[2] = bounded(standardDeviation / meanMagnitude)

        let newest = history[count - 1]
        let previous = history[count - 2]
        if previous != 0 {
            output[3] = bounded((newest - previous) / abs(previous))
        }

        // A spread below 1e-12 of the loss scale is rounding noise, not a signal.
        if standardDeviation > 1e-12 * meanMagnitude {
            output[4] = bounded((newest - meanLoss) / standardDeviation)
        }
    }

    /// Returns the mean of the `length` values of `values` starting at `start`, summed in order.
    private func mean(of values: UnsafeBufferPointer<Double>, from start: Int, length: Int) -> Double {
        var sum = 0.0
        for index in start..<(start + length) {
            sum += values[index]
        }
        return sum / Double(length)
    }

    private func bounded(_ value: Double) -> Float {
        Float(VectorMath.clamp(value, to: -Self.featureLimit...Self.featureLimit))
    }
}
