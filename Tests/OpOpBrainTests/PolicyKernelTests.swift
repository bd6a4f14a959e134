import XCTest
@testable import OpOpBrain

/// The policy's unrolled loops give the same bits as plain loops that sum in the same order.
final class PolicyKernelTests: XCTestCase {
    func randomValues(_ count: Int, generator: inout SeededGenerator, zeroEvery: Int = 0) -> [Float] {
        (0..<count).map { index in
            zeroEvery > 0 && index % zeroEvery == 0 ? 0 : Float(generator.nextNormal())
        }
    }

    func testDot4MatchesDotBitForBit() {
        var generator = SeededGenerator(seed: 1)
        for count in [1, 3, 7, 8, 9, 30, 33, 64, 288] {
            let rows = randomValues(4 * count, generator: &generator)
            let x = randomValues(count, generator: &generator)
            var output = [Float](repeating: 0, count: 4)
            rows.withUnsafeBufferPointer { rows in
                x.withUnsafeBufferPointer { x in
                    VectorMath.dot4(rows: rows.baseAddress!, stride: count, x.baseAddress!, count: count, output: &output)
                    for row in 0..<4 {
                        let single = VectorMath.dot(rows.baseAddress! + row * count, x.baseAddress!, count: count)
                        XCTAssertEqual(output[row].bitPattern, single.bitPattern, "count \(count), row \(row)")
                    }
                }
            }
        }
    }

    func testWeightedRowSumMatchesPlainLoop() {
        var generator = SeededGenerator(seed: 2)
        let rowCount = 16
        for columns in [1, 3, 4, 5, 12, 30, 45, 64, 100, 288] {
            let weights = randomValues(rowCount, generator: &generator, zeroEvery: 3)
            let rows = randomValues(rowCount * columns, generator: &generator)
            var output = [Float](repeating: .nan, count: columns)
            VectorMath.writeWeightedRowSum(
                rowCount: rowCount, weights: weights, weightStride: 1, rows: rows, rowStride: columns, columns: columns,
                into: &output)

            for column in 0..<columns {
                var expected: Float = 0
                for row in 0..<rowCount where weights[row] != 0 {
                    expected += weights[row] * rows[row * columns + column]
                }
                XCTAssertEqual(output[column].bitPattern, expected.bitPattern, "columns \(columns), column \(column)")
            }
        }
    }

    /// Accumulates the gradient one row at a time, as a plain backward pass does.
    func rowByRowGradient(network: PolicyNetwork, activations: [Float], outputGradients: [Float], rowCount: Int) -> [Float] {
        var gradient = [Float](repeating: 0, count: network.parameters.count)
        let sizes = network.layerSizes
        for row in 0..<rowCount {
            let rowStart = row * network.activationCount
            var current = Array(outputGradients[(row * network.outputCount)..<((row + 1) * network.outputCount)])

            for layer in stride(from: network.layerCount - 1, through: 0, by: -1) {
                let inputs = sizes[layer]
                let inputStart = rowStart + network.activationOffsets[layer]
                let weightStart = network.weightOffsets[layer]
                for unit in 0..<sizes[layer + 1] where current[unit] != 0 {
                    gradient[network.biasOffsets[layer] + unit] += current[unit]
                    for column in 0..<inputs {
                        gradient[weightStart + unit * inputs + column] += current[unit] * activations[inputStart + column]
                    }
                }
                guard layer > 0 else { break }

                var previous = [Float](repeating: 0, count: inputs)
                for unit in 0..<sizes[layer + 1] where current[unit] != 0 {
                    for column in 0..<inputs {
                        previous[column] += network.parameters[weightStart + unit * inputs + column] * current[unit]
                    }
                }
                for column in 0..<inputs where activations[inputStart + column] <= 0 {
                    previous[column] = 0
                }
                current = previous
            }
        }
        return gradient
    }

    func testBatchGradientMatchesRowByRowBackward() {
        var generator = SeededGenerator(seed: 3)
        var network = PolicyNetwork(layerSizes: [30, 64, 32, 12], generator: &generator)
        network.parameters = randomValues(network.parameters.count, generator: &generator).map { $0 * 0.3 }
        let rowCount = 16

        var activations = [Float](repeating: 0, count: rowCount * network.activationCount)
        for row in 0..<rowCount {
            let observation = randomValues(network.inputCount, generator: &generator)
            activations.withUnsafeMutableBufferPointer { activations in
                let start = activations.baseAddress! + row * network.activationCount
                start.update(from: observation, count: observation.count)
                network.forward(activations: start)
            }
        }
        let outputGradients = randomValues(rowCount * network.outputCount, generator: &generator, zeroEvery: 5)

        var deltas = [Float](repeating: 0, count: rowCount * network.deltaCount)
        var gradient = [Float](repeating: .nan, count: network.parameters.count)
        network.writeBatchGradient(
            rowCount: rowCount, activations: activations, outputGradients: outputGradients, deltas: &deltas, into: &gradient)

        let expected = rowByRowGradient(
            network: network, activations: activations, outputGradients: outputGradients, rowCount: rowCount)
        XCTAssertTrue(expected.contains { $0 != 0 }, "the reference gradient must not be all zero")
        XCTAssertEqual(gradient.map(\.bitPattern), expected.map(\.bitPattern))
    }

    /// Runs `steps` steps and returns the brain. With `invalidateCache`, each step changes
    /// the parameters' revision after `decide`, so every update runs its forward passes again.
    func trainedBrain(steps: Int, invalidateCache: Bool) throws -> Brain {
        let brain = try makeBrain(groups: ["a", "b", "c"], seed: 4, explorationStd: 0.3) { $0.updateInterval = 8 }
        var generator = SeededGenerator(seed: 5)
        for step in 0..<steps {
            brain.decide(loss: 1 + 0.5 * generator.nextUnitDouble() + 1 / Double(step + 1))
            if invalidateCache {
                let parameters = brain.learner.network.parameters
                brain.learner.network.parameters = parameters
            }
            for group in 0..<3 {
                brain.recordGradient(group: group, gradient: randomValues(40 + group, generator: &generator))
            }
            brain.finishStep()
        }
        return brain
    }

    func testCachedForwardPassGivesSameUpdate() throws {
        let cached = try trainedBrain(steps: 81, invalidateCache: false)
        let recomputed = try trainedBrain(steps: 81, invalidateCache: true)

        XCTAssertEqual(cached.status.updates, 5)
        XCTAssertEqual(recomputed.status.updates, 5)
        // A pair is learned from when its second window closes, after which only the second
        // decision's forward pass is the network's latest.
        XCTAssertEqual(cached.learner.recomputedRowCount, 20, "only the first decision of each pair should run again")
        XCTAssertEqual(recomputed.learner.recomputedRowCount, 40, "every decision's forward pass should run again")
        XCTAssertEqual(
            cached.learner.network.parameters.map(\.bitPattern), recomputed.learner.network.parameters.map(\.bitPattern))
        XCTAssertEqual(cached.status.meanKnobs, recomputed.status.meanKnobs)
    }
}
