import Foundation
import OpOpBrain
import OpOpTopApp
import OpOpWorkloads

/// Floats per parameter group in the brain-only measurement.
private let gradientSize = 4096

/// Case "brain": the brain's cost per training step and its memory, then the default
/// workload's step time with and without the brain.
func measureBrainCase(_ context: BenchContext) throws -> [Figure] {
    var figures: [Figure] = []
    for groupCount in [1, 8, 47] {
        figures.append(try measureBrainStep(groupCount: groupCount, context: context))
        figures += try measureBrainMemory(groupCount: groupCount, context: context)
    }
    figures += try measureWorkloadShare(context: context)
    return figures
}

private func makeBrain(groupCount: Int) throws -> Brain {
    try Brain(configuration: BrainConfiguration(groupNames: (0..<groupCount).map { "layer\($0).weight" }))
}

/// Returns one fixed random gradient per group, reused at every step.
private func makeGradients(groupCount: Int) -> [[Float]] {
    var generator = SeededGenerator(seed: 11)
    return (0..<groupCount).map { _ in (0..<gradientSize).map { _ in Float(generator.nextNormal()) } }
}

/// decide + recordGradient per group + finishStep, over whole policy-update intervals,
/// so the REINFORCE update every `updateInterval` steps is amortized into the figure.
private func measureBrainStep(groupCount: Int, context: BenchContext) throws -> Figure {
    let brain = try makeBrain(groupCount: groupCount)
    let gradients = makeGradients(groupCount: groupCount)
    let interval = brain.configuration.updateInterval
    let steps = interval * context.size(quick: 4, full: 40)
    var step = 0

    func runSteps(_ count: Int) {
        for _ in 0..<count {
            step += 1
            brain.decide(loss: 2 / Double(step) + 0.1 + 0.01 * Double(step % 7))
            for group in 0..<groupCount {
                gradients[group].withUnsafeBufferPointer { brain.recordGradient(group: group, gradient: $0) }
            }
            brain.finishStep()
        }
    }

    runSteps(interval * 4)
    var perStep: [Double] = []
    for _ in 0..<context.repetitions {
        let clock = Stopwatch()
        runSteps(steps)
        perStep.append(clock.cpuSeconds / Double(steps) * 1e6)
    }
    return Figure(
        "brain", "step, \(groupCount) groups x \(gradientSize) floats", median(perStep), "us/step",
        detail: "observe+decide+learn, \(steps) steps per run, \(brain.status.updates) policy updates in all; \(spreadText(perStep))")
}

/// Measures the brain's heap bytes in a fresh child process (see `runBrainMemoryProbe`).
private func measureBrainMemory(groupCount: Int, context: BenchContext) throws -> [Figure] {
    let output = try runAndCapture([benchExecutablePath, ChildCommand.brainMemory.rawValue, "\(groupCount)", context.scratchDirectory])
    let fields = try parseChildJSON(output, keys: [BrainMemoryField.heapBytes, BrainMemoryField.checkpointBytes])
    let heap = fields[BrainMemoryField.heapBytes]!
    let checkpoint = fields[BrainMemoryField.checkpointBytes]!
    return [
        Figure(
            "brain", "memory, \(groupCount) groups", heap, "bytes",
            detail: "heap growth (glibc mallinfo2) over creating the brain, in a fresh process;"
                + " the checkpoint's arrays after 2 policy updates hold \(Int(checkpoint)) bytes (heap \(formatFigure(heap / checkpoint))x)"),
    ]
}

/// Times the default workload (digits, Adam) per step, bare and wrapped by the brain, in
/// alternating runs so both see the same machine load.
private func measureWorkloadShare(context: BenchContext) throws -> [Figure] {
    flushSubnormalsToZeroOnThisThread()
    let bareWorkload = try WorkloadCatalog.make(name: WorkloadCatalog.defaultName, seed: 0)
    let wrappedWorkload = try WorkloadCatalog.make(name: WorkloadCatalog.defaultName, seed: 0)
    let bare = try Adam(learningRate: 1e-3)
    let names = wrappedWorkload.groups.map(\.name)
    let wrapped = BrainOptimizer(base: try Adam(learningRate: 1e-3), brain: try Brain(configuration: BrainConfiguration(groupNames: names)))
    let steps = context.size(quick: 200, full: 4000)

    func runBare(_ count: Int) throws {
        for _ in 0..<count {
            _ = try bareWorkload.trainingStep()
            try bare.step(bareWorkload.groups)
        }
    }
    func runWrapped(_ count: Int) throws {
        for _ in 0..<count {
            let loss = try wrappedWorkload.trainingStep()
            _ = try wrapped.step(wrappedWorkload.groups, loss: loss)
        }
    }

    try runBare(steps / 4)
    try runWrapped(steps / 4)
    var bareTimes: [Double] = []
    var wrappedTimes: [Double] = []
    for _ in 0..<context.repetitions {
        var clock = Stopwatch()
        try runBare(steps)
        bareTimes.append(clock.cpuSeconds / Double(steps) * 1e6)
        clock = Stopwatch()
        try runWrapped(steps)
        wrappedTimes.append(clock.cpuSeconds / Double(steps) * 1e6)
    }
    let bareMedian = median(bareTimes)
    let wrappedMedian = median(wrappedTimes)
    let groups = "\(names.count) groups, \(bareWorkload.groups.reduce(0) { $0 + $1.count }) parameters"
    return [
        Figure("brain", "digits+adam step, bare", bareMedian, "us/step", detail: "\(groups); \(spreadText(bareTimes))"),
        Figure(
            "brain", "digits+adam step, with brain", wrappedMedian, "us/step",
            detail: "\(formatFigure(wrappedMedian / bareMedian))x bare; \(spreadText(wrappedTimes))"),
        Figure(
            "brain", "brain share of digits step", (wrappedMedian - bareMedian) / wrappedMedian * 100, "%",
            detail: "(with - bare) / with, medians of \(context.repetitions) alternating runs of \(steps) steps"),
    ]
}
