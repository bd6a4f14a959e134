import XCTest
@testable import OpOpWorkloads

/// Compares each group's analytic Float32 gradient with central finite differences of an
/// independent Double-precision loss.
final class GradientCheckTests: XCTestCase {
    func testDigitsGradients() throws {
        let workload = try DigitsWorkload(seed: 11)
        try checkGradients(
            training: workload.training,
            usesReLU: true,
            rows: [0, 101, 502, 903, 1304],
            // Checking every 3rd weight and every bias keeps the test near one second in a debug build.
            weightStride: 3
        )
    }

    func testSpiralsGradients() throws {
        let workload = SpiralsWorkload(seed: 11)
        try checkGradients(training: workload.training, usesReLU: false, rows: [0, 99, 250, 640, 799], weightStride: 1)
    }

    private func checkGradients(training: ClassifierTraining, usesReLU: Bool, rows: [Int], weightStride: Int) throws {
        let network = training.network

        // A few SGD steps first, so the biases are no longer zero and the check does not
        // pass only because of the symmetric start.
        for _ in 0..<20 {
            _ = try training.trainingStep()
            applySGD(to: network.groups, learningRate: 0.1)
        }

        let loss = try network.computeLossAndGradients(on: training.trainingSet, rows: rows)

        let dataset = training.trainingSet
        let inputs = rows.map { row in
            (0..<dataset.featureCount).map { Double(dataset.features[row * dataset.featureCount + $0]) }
        }
        let labels = rows.map { dataset.labels[$0] }
        let reference = ReferenceClassifier(layerSizes: network.layerSizes, usesReLU: usesReLU)
        var parameters = network.groups.map { $0.values.map(Double.init) }

        let referenceLoss = reference.meanLoss(parameters: parameters, inputs: inputs, labels: labels)
        XCTAssertEqual(loss, referenceLoss, accuracy: 1e-5 * max(1, abs(referenceLoss)), "Float32 loss against the Double reference")

        let step = 1e-6
        for (groupIndex, group) in network.groups.enumerated() {
            let stride = group.name.hasSuffix(".weight") ? weightStride : 1
            let largestGradient = group.gradient.map { abs(Double($0)) }.max() ?? 0
            var worstError = 0.0
            var worstIndex = 0
            var worstNumeric = 0.0

            for index in Swift.stride(from: 0, to: group.count, by: stride) {
                let original = parameters[groupIndex][index]
                parameters[groupIndex][index] = original + step
                let lossAbove = reference.meanLoss(parameters: parameters, inputs: inputs, labels: labels)
                parameters[groupIndex][index] = original - step
                let lossBelow = reference.meanLoss(parameters: parameters, inputs: inputs, labels: labels)
                parameters[groupIndex][index] = original

                let numeric = (lossAbove - lossBelow) / (2 * step)
                let analytic = Double(group.gradient[index])

                // Relative to the entry, with a floor tied to the group's largest entry,
                // because Float32 sums carry errors near 1e-7 of their terms.
                let error = abs(analytic - numeric) / max(abs(numeric), 1e-3 * largestGradient, 1e-7)
                if error > worstError {
                    worstError = error
                    worstIndex = index
                    worstNumeric = numeric
                }
            }

            XCTAssertGreaterThan(largestGradient, 0, "\(group.name) has an all-zero gradient")
            XCTAssertLessThan(
                worstError, 1e-3,
                "\(group.name)[\(worstIndex)]: analytic \(group.gradient[worstIndex]), finite differences \(worstNumeric)"
            )
        }
    }
}
