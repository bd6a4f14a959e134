import XCTest
@testable import OpOpBrain

final class ObserverTests: XCTestCase {
    func testRingBufferReadsOldestFirstAfterWrapping() {
        var buffer = RingBuffer(capacity: 4)
        for value in 1...7 {
            buffer.append(Double(value))
        }

        XCTAssertEqual(buffer.count, 4)
        XCTAssertEqual(buffer.timeOrdered, [4, 5, 6, 7])
        XCTAssertEqual(buffer[0], 4)
        XCTAssertEqual(buffer.newest, 7)
        XCTAssertEqual(RingBuffer(capacity: 3, timeOrdered: [1, 2, 3, 4, 5]).timeOrdered, [3, 4, 5])
    }

    func testRingBufferCopiesOldestFirst() {
        var buffer = RingBuffer(capacity: 5)
        for count in 1...13 {
            buffer.append(Double(count))
            var copy = [Double](repeating: .nan, count: buffer.count)
            copy.withUnsafeMutableBufferPointer { buffer.copyTimeOrdered(to: $0.baseAddress!) }
            XCTAssertEqual(copy, buffer.timeOrdered, "after \(count) values")
        }
    }

    func testFallingLossShowsFallingTrendAfterWrapping() {
        var observer = LossObserver(window: 8)
        // 19 losses through a window of 8: the buffer wrapped twice and its oldest value is
        // in the middle of the storage.
        for step in 0..<19 {
            observer.record(10 - 0.3 * Double(step))
        }
        var features = [Float](repeating: 0, count: LossObserver.featureCount)
        observer.writeFeatures(to: &features)

        XCTAssertLessThan(features[0], 0, "relative trend")
        XCTAssertLessThan(features[1], 0, "recent change")
        XCTAssertLessThan(features[3], 0, "last-step change")
        XCTAssertLessThan(features[4], 0, "z-score of the newest loss")
        // The window contains 6.7 down to 4.6: a fall of 2.1 against a mean magnitude of 5.65.
        XCTAssertEqual(features[0], Float(-2.1 / 5.65), accuracy: 1e-5)
    }

    func testRisingLossShowsRisingTrend() {
        var observer = LossObserver(window: 8)
        for step in 0..<19 {
            observer.record(1 + 0.3 * Double(step))
        }
        var features = [Float](repeating: 0, count: LossObserver.featureCount)
        observer.writeFeatures(to: &features)

        XCTAssertGreaterThan(features[0], 0)
        XCTAssertGreaterThan(features[3], 0)
    }

    func testFewLossesGiveOnlyPhase() {
        var observer = LossObserver(window: 8)
        observer.record(3)
        var features = [Float](repeating: 1, count: LossObserver.featureCount)
        observer.writeFeatures(to: &features)

        XCTAssertEqual(Array(features[0..<5]), [0, 0, 0, 0, 0])
        XCTAssertGreaterThan(features[5], 0)
    }

    func testCosineFeaturesFollowDirection() {
        var observer = GroupObserver(window: 4, decay: 0.9)
        let gradient: [Float] = [1, 2, 3]
        let opposite: [Float] = [-1, -2, -3]
        gradient.withUnsafeBufferPointer { observer.record(gradient: $0, norm: 14.0.squareRoot()) }
        XCTAssertEqual(observer.features[2], 0, "no previous gradient")

        gradient.withUnsafeBufferPointer { observer.record(gradient: $0, norm: 14.0.squareRoot()) }
        XCTAssertEqual(observer.features[2], 1, accuracy: 1e-6)

        opposite.withUnsafeBufferPointer { observer.record(gradient: $0, norm: 14.0.squareRoot()) }
        XCTAssertEqual(observer.features[2], -1, accuracy: 1e-6)
        XCTAssertEqual(observer.features[3], 0.5, accuracy: 1e-6, "one of two cosines is negative")
        XCTAssertEqual(observer.features[5], 0, accuracy: 1e-6, "mean of 1 and −1")
    }

    func testLargeGradientIsSampled() {
        var observer = GroupObserver(window: 4, decay: 0.9)
        let gradient = (0..<5000).map { Float($0 % 7) - 3 }
        gradient.withUnsafeBufferPointer { observer.record(gradient: $0, norm: 1) }
        gradient.withUnsafeBufferPointer { observer.record(gradient: $0, norm: 1) }

        XCTAssertLessThanOrEqual(observer.previousSampleLength, GroupObserver.sampleLimit)
        XCTAssertEqual(observer.previousGradientCount, 5000)
        XCTAssertEqual(observer.features[2], 1, accuracy: 1e-6)
    }

    func testStridedSampleSumsMatchPlainLoops() {
        var generator = SeededGenerator(seed: 12)
        for count in [1, 3, 4, 5, 1023, 1024, 1025, 2050, 4096, 5000] {
            let first = (0..<count).map { _ in Float(generator.nextNormal()) }
            let second = (0..<count).map { _ in Float(generator.nextNormal()) }
            let (stride, length) = StridedSample.layout(count: count, limit: GroupObserver.sampleLimit)
            XCTAssertLessThanOrEqual(length, GroupObserver.sampleLimit, "count \(count)")
            XCTAssertGreaterThan(stride * length, count - stride, "count \(count): the sample must reach the end")

            var sample = [Double](repeating: 0, count: GroupObserver.sampleLimit)
            let sums = sample.withUnsafeMutableBufferPointer { sample in
                _ = first.withUnsafeBufferPointer { StridedSample.replace(sample.baseAddress!, with: $0, stride: stride, length: length) }
                return second.withUnsafeBufferPointer { StridedSample.replace(sample.baseAddress!, with: $0, stride: stride, length: length) }
            }

            var dot = 0.0
            var squares = 0.0
            for index in 0..<length {
                XCTAssertEqual(sample[index], Double(second[index * stride]), "count \(count), sample \(index)")
                dot += Double(first[index * stride]) * Double(second[index * stride])
                squares += Double(second[index * stride]) * Double(second[index * stride])
            }
            XCTAssertEqual(sums.dot, dot, accuracy: 1e-9 * squares, "count \(count)")
            XCTAssertEqual(sums.squares, squares, accuracy: 1e-12 * squares, "count \(count)")
            let stored = sample.withUnsafeBufferPointer { StridedSample.sumOfSquares($0.baseAddress!, length: length) }
            XCTAssertEqual(stored.bitPattern, sums.squares.bitPattern, "count \(count): both sums must add in one order")
        }
    }

    func testGradientFeaturesIgnoreGradientScale() {
        var plain = GroupObserver(window: 8, decay: 0.9)
        var scaled = GroupObserver(window: 8, decay: 0.9)
        var generator = SeededGenerator(seed: 11)
        for step in 0..<20 {
            let gradient = (0..<50).map { _ in Float(generator.nextNormal()) * Float(1 + step % 3) }
            let big = gradient.map { $0 * 100 }
            let norm = gradient.withUnsafeBufferPointer { VectorMath.sumOfSquares($0) }.squareRoot()
            let bigNorm = big.withUnsafeBufferPointer { VectorMath.sumOfSquares($0) }.squareRoot()
            gradient.withUnsafeBufferPointer { plain.record(gradient: $0, norm: norm) }
            big.withUnsafeBufferPointer { scaled.record(gradient: $0, norm: bigNorm) }
        }

        for index in 0..<GroupObserver.featureCount {
            XCTAssertEqual(plain.features[index], scaled.features[index], accuracy: 1e-4, "feature \(index)")
        }
    }

    func testWindowRewardIsFittedDecrease() throws {
        XCTAssertEqual(try XCTUnwrap(Brain.reward(windowLosses: [3, 2, 1])), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(Brain.reward(windowLosses: [300, 200, 100])), 1, accuracy: 1e-12, "units do not matter")
        XCTAssertEqual(try XCTUnwrap(Brain.reward(windowLosses: [1, 1.5])), -0.4, accuracy: 1e-12)
        // The fitted line through 2, 1, 2, 1 falls by 0.6 over the window, whose mean is 1.5.
        XCTAssertEqual(try XCTUnwrap(Brain.reward(windowLosses: [2, 1, 2, 1])), 0.4, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(Brain.reward(windowLosses: [-1, -3])), 1, accuracy: 1e-12, "negative losses are compared by magnitude")
        XCTAssertNil(Brain.reward(windowLosses: [1]))
        XCTAssertNil(Brain.reward(windowLosses: [0, 0]))
    }
}
