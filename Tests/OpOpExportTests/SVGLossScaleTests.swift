import OpOpExport
import OpOpTrace
import XCTest

final class SVGLossScaleTests: XCTestCase {
    /// Builds a run whose loss falls from 1 and stays at exactly 0 for the last `zeroSteps` steps.
    private func runReachingZero(steps: Int, zeroSteps: Int) -> RunChartData {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        for step in 1...steps {
            let loss = step > steps - zeroSteps ? 0 : 1 / Double(step)
            data.add(SyntheticTrace.step(step, loss: loss, knobs: [(1, 1, 0)]))
        }
        return data
    }

    private func render(_ data: RunChartData, scale: LossScale) throws -> (String, SVGInspection) {
        let svg = SVGChart(lossScale: scale).render([.init(label: "run", data: data)])
        return (svg, try SVGInspection.parse(svg))
    }

    private func nonPositiveMarkCount(_ svg: String) -> Int {
        svg.components(separatedBy: "r=\"2.5\" fill=\"none\"").count - 1
    }

    func testCountsFiniteAndNonPositiveLosses() {
        let data = runReachingZero(steps: 10, zeroSteps: 3)
        XCTAssertEqual(data.finiteLossCount, 10)
        XCTAssertEqual(data.nonPositiveLossCount, 3)
    }

    func testAutomaticKeepsLogWhenMostArePositive() throws {
        let (svg, inspection) = try render(runReachingZero(steps: 100, zeroSteps: 30), scale: .automatic)
        XCTAssertTrue(inspection.texts.contains("loss (thin) and its moving average (thick) (log scale; values ≤ 0 marked at the bottom)"))
        XCTAssertTrue(inspection.texts.contains("loss ≤ 0 (log scale)"), "the key explains the bottom marks")
        XCTAssertEqual(nonPositiveMarkCount(svg), 30 + 1, "one mark per zero step plus the key")
    }

    func testAutomaticTurnsLinearWhenMostAreNotPositive() throws {
        let (svg, inspection) = try render(runReachingZero(steps: 100, zeroSteps: 70), scale: .automatic)
        XCTAssertTrue(inspection.texts.contains("loss (thin) and its moving average (thick) (linear: most losses ≤ 0)"))
        XCTAssertFalse(inspection.texts.contains("loss ≤ 0 (log scale)"))
        XCTAssertEqual(nonPositiveMarkCount(svg), 0)
    }

    func testForcedLogMarksEvenAMajorityOfZeros() throws {
        let (svg, inspection) = try render(runReachingZero(steps: 100, zeroSteps: 70), scale: .log)
        XCTAssertTrue(inspection.texts.contains("loss (thin) and its moving average (thick) (log scale; values ≤ 0 marked at the bottom)"))
        XCTAssertEqual(nonPositiveMarkCount(svg), 70 + 1)
    }

    func testForcedLinearNeverUsesLog() throws {
        let (svg, inspection) = try render(runReachingZero(steps: 100, zeroSteps: 0), scale: .linear)
        XCTAssertTrue(inspection.texts.contains("loss (thin) and its moving average (thick)"))
        XCTAssertFalse(inspection.texts.contains { $0.hasPrefix("loss (thin) and its moving average (thick) (log") })
        XCTAssertEqual(nonPositiveMarkCount(svg), 0)
    }

    func testLogLineBreaksAtZeroLoss() throws {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        for (step, loss) in [1.0, 0.5, 0, 0.4, 0.3].enumerated() {
            data.add(SyntheticTrace.step(step + 1, loss: loss, knobs: [(1, 1, 0)]))
        }
        let (svg, _) = try render(data, scale: .log)
        let lossLines = svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }.prefix(2)
        let pointCounts = lossLines.map { $0.split(separator: " ").filter { $0.contains(",") }.count }
        XCTAssertEqual(pointCounts, [2, 2], "the zero at step 3 splits the loss line in two")
    }

    func testLogWithoutPositiveLossIsLinear() throws {
        let (_, inspection) = try render(runReachingZero(steps: 5, zeroSteps: 5), scale: .log)
        XCTAssertFalse(inspection.texts.contains { $0.hasPrefix("loss (thin) and its moving average (thick) (log") })
    }
}

final class SVGLossAverageTests: XCTestCase {
    func testAverageUsesDashboardWeight() throws {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        data.add(SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]))
        data.add(SyntheticTrace.step(2, loss: .nan, knobs: [(1, 1, 0)]))
        data.add(SyntheticTrace.step(3, loss: 2, knobs: [(1, 1, 0)]))

        let values = data.lossAverage.buckets.compactMap(\.maximum?.value)
        XCTAssertEqual(values, [1, 1.02], "NaN leaves the average alone")
    }

    func testAverageRestartsFromKeptValueAfterRewind() {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        data.add(SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]))
        data.add(SyntheticTrace.step(2, loss: 101, knobs: [(1, 1, 0)]))
        data.add(SyntheticTrace.step(2, loss: 1, knobs: [(1, 1, 0)]))

        XCTAssertEqual(data.lossAverage.buckets.compactMap(\.maximum?.value), [1, 1])
    }

    func testEvaluationKeepsFirstMetric() throws {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        data.add(SyntheticTrace.step(10, loss: 1, knobs: [(1, 1, 0)]))
        data.add(.evaluation(EvaluationRecord(step: 10, wallTime: 1, metrics: [
            Metric(name: "accuracy", value: 0.5), Metric(name: "loss", value: 0.9),
        ])))
        data.add(.evaluation(EvaluationRecord(step: 20, wallTime: 2, metrics: [Metric(name: "loss", value: 0.8)])))
        data.add(SyntheticTrace.step(20, loss: 1, knobs: [(1, 1, 0)]))
        data.add(.evaluation(EvaluationRecord(step: 30, wallTime: 3, metrics: [Metric(name: "accuracy", value: 0.7)])))

        XCTAssertEqual(data.evaluationName, "accuracy")
        XCTAssertEqual(data.evaluation.buckets.compactMap(\.maximum?.value), [0.5, 0.7])
        XCTAssertEqual(data.loss.buckets.count, 2, "an evaluation at a step does not rewind that step")

        let inspection = try SVGInspection.parse(SVGChart().render([.init(label: "run", data: data)]))
        XCTAssertTrue(inspection.texts.contains("held-out accuracy"))
    }

    func testNoEvaluationsMeansNoPanel() throws {
        var data = RunChartData()
        data.add(SyntheticTrace.header(groups: ["g"]))
        data.add(SyntheticTrace.step(1, loss: 1, knobs: [(1, 1, 0)]))
        let inspection = try SVGInspection.parse(SVGChart().render([.init(label: "run", data: data)]))
        XCTAssertFalse(inspection.texts.contains { $0.hasPrefix("held-out") })
    }
}
