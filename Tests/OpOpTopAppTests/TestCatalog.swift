import Foundation
import OpOpTopApp

/// A catalog with known values, so the tests do not depend on the standard one.
let testCatalog = CommandLineCatalog(
    version: "9.8.7",
    workloads: [
        .init(name: "digits", summary: "MLP on the 8x8 handwritten digits"),
        .init(name: "spirals", summary: "two-spirals classification"),
    ],
    defaultWorkload: "digits",
    optimizers: [
        .init(name: "sgd", defaultLearningRate: 0.1),
        .init(name: "momentum", defaultLearningRate: 0.05),
        .init(name: "adam", defaultLearningRate: 0.001),
        .init(name: "adamw", defaultLearningRate: 0.002),
    ],
    defaultOptimizer: "adam",
    keyBindings: [
        .init(keys: "q, Ctrl-C", action: "quit"),
        .init(keys: "p", action: "pause training"),
    ]
)

let testParser = InvocationParser(catalog: testCatalog)

/// Returns the run options the test catalog produces when no option is set.
func defaultRun(
    workload: String = "digits",
    optimizer: String = "adam",
    learningRate: Double = 0.001
) -> RunOptions {
    RunOptions(
        workload: workload,
        optimizer: optimizer,
        learningRate: learningRate,
        steps: 50_000,
        seed: 0
    )
}
