import OpOpTrace

/// Records used across the tests, covering every type and the awkward values.
enum SampleRecords {
    static let header = TraceHeader(
        runName: "20250114-093012-digits",
        workload: "digits",
        groupNames: ["layer1.weight", "layer1.bias", "", "Gewichte \u{00FC}ber \u{1F9E0}"],
        optimizer: "adam",
        optimizerSettings: ["lr": 0.001, "beta1": 0.9, "beta2": 0.999],
        brainSettings: ["exploration_std": 0.1, "update_interval": 20],
        startTime: 1_736_847_012.25
    )

    static func step(_ number: Int, groups: Int = 4) -> StepRecord {
        StepRecord(
            step: number,
            wallTime: 1_736_847_012.25 + Double(number) * 0.001,
            loss: 2.302585092994046 / Double(number + 1),
            reward: number == 0 ? nil : 0.0123,
            baseline: 0.004,
            groups: (0..<groups).map { index in
                GroupStep(scale: 1.0 + Double(index) * 0.1, clip: 1.0, dampen: 0.25, gradientNorm: 0.53 * Double(index + 1))
            }
        )
    }

    static let evaluation = EvaluationRecord(
        step: 500,
        wallTime: 1_736_847_020.5,
        metrics: [Metric(name: "accuracy", value: 0.97), Metric(name: "loss", value: 0.11)]
    )

    static let snapshotEvent = EventRecord(
        step: 120,
        wallTime: 1_736_847_013.0,
        kind: .snapshot,
        path: "runs/x/snapshots/step-000120.npz",
        message: "snapshot saved to runs/x/snapshots/step-000120.npz"
    )

    static let all: [TraceRecord] = [
        .header(header),
        .step(step(0)),
        .step(step(1)),
        .evaluation(evaluation),
        .event(snapshotEvent),
        .event(EventRecord(step: 7, wallTime: 1.5, kind: .reset, group: "layer1.bias", message: "reset \"layer1.bias\"\n")),
    ]
}
