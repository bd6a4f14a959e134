// swift-tools-version:6.0
import PackageDescription

// Layers, bottom to top. Each arrow is a dependency; nothing points upwards.
//
//   CZlib, CNcursesw      system C libraries (zlib, ncursesw) behind module maps
//   OpOpNumPy             .npy/.npz reading and writing, atomic file writes
//   OpOpBrain             observer, policy, REINFORCE, knobs, base optimizers, checkpoints
//   OpOpTrace             run-directory records, the JSON Lines trace writer, the control socket
//   OpOpRecorder          run recorder for any training loop: trace, brain commands, control socket
//   OpOpWorkloads         real training tasks (digits MLP, two spirals)
//   OpOpEfficacy          the efficacy suite: small tasks, tuned baselines, brain runs, metrics, reports
//   OpOpDashboard         pure state model and widgets rendering into a cell grid
//   OpOpExport            run digests, the summary table, SVG charts and CSV series of a trace
//   OpOpTerminal          the curses backend: the only code that touches the terminal
//   OpOpTopApp            command-line parsing, the live session, replay, plain-text mode
//   opop-top              the executable: a three-line main
//   opop-top-bench        the benchmark executable: one table of figures (CMalloc: glibc heap statistics)
//   opop-top-efficacy     the efficacy executable: does the brain make training better, in numbers
let package = Package(
    name: "opop-top",
    products: [
        .executable(name: "opop-top", targets: ["opop-top"]),
        .executable(name: "opop-top-bench", targets: ["opop-top-bench"]),
        .executable(name: "opop-top-efficacy", targets: ["opop-top-efficacy"]),
        .library(name: "OpOpBrain", targets: ["OpOpBrain"]),
        .library(name: "OpOpTrace", targets: ["OpOpTrace"]),
        .library(name: "OpOpRecorder", targets: ["OpOpRecorder"]),
        .library(name: "OpOpWorkloads", targets: ["OpOpWorkloads"]),
        .library(name: "OpOpExport", targets: ["OpOpExport"]),
        .library(name: "OpOpEfficacy", targets: ["OpOpEfficacy"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),

        .target(name: "OpOpNumPy", dependencies: ["CZlib"]),
        .target(name: "OpOpBrain", dependencies: ["OpOpNumPy"]),
        .target(name: "OpOpTrace"),
        .target(name: "OpOpRecorder", dependencies: ["OpOpBrain", "OpOpTrace"]),
        .target(name: "OpOpWorkloads", dependencies: ["OpOpBrain", "CZlib"], exclude: ["Data"]),
        .target(name: "OpOpEfficacy", dependencies: ["OpOpBrain", "OpOpWorkloads"]),
        .target(name: "OpOpDashboard", dependencies: ["OpOpTrace"]),
        .target(name: "OpOpExport", dependencies: ["OpOpTrace", "OpOpDashboard"]),
        .target(name: "OpOpTerminal", dependencies: ["CNcursesw", "OpOpDashboard"]),
        .target(
            name: "OpOpTopApp",
            dependencies: [
                "OpOpBrain", "OpOpTrace", "OpOpRecorder", "OpOpWorkloads", "OpOpDashboard", "OpOpExport", "OpOpTerminal",
            ]
        ),
        .executableTarget(name: "opop-top", dependencies: ["OpOpTopApp"]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .executableTarget(
            name: "opop-top-bench",
            dependencies: ["CMalloc", "OpOpBrain", "OpOpNumPy", "OpOpTrace", "OpOpWorkloads", "OpOpDashboard", "OpOpTopApp"]
        ),

        .executableTarget(name: "opop-top-efficacy", dependencies: ["OpOpEfficacy"]),

        .testTarget(name: "OpOpNumPyTests", dependencies: ["OpOpNumPy"]),
        .testTarget(name: "OpOpBrainTests", dependencies: ["OpOpBrain", "OpOpNumPy"]),
        .testTarget(name: "OpOpTraceTests", dependencies: ["OpOpTrace"]),
        .testTarget(name: "OpOpRecorderTests", dependencies: ["OpOpRecorder", "OpOpBrain", "OpOpTrace"]),
        .testTarget(name: "OpOpWorkloadsTests", dependencies: ["OpOpWorkloads", "OpOpBrain"]),
        .testTarget(name: "OpOpEfficacyTests", dependencies: ["OpOpEfficacy", "OpOpBrain", "OpOpWorkloads"]),
        .testTarget(name: "OpOpDashboardTests", dependencies: ["OpOpDashboard", "OpOpTrace"]),
        .testTarget(name: "OpOpExportTests", dependencies: ["OpOpExport", "OpOpTrace", "OpOpDashboard"], exclude: ["Golden"]),
        .testTarget(name: "OpOpTerminalTests", dependencies: ["OpOpTerminal", "OpOpDashboard"]),
        .testTarget(
            name: "OpOpTopAppTests",
            dependencies: [
                "OpOpTopApp", "OpOpBrain", "OpOpTrace", "OpOpWorkloads", "OpOpDashboard", "OpOpExport", "OpOpTerminal",
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["opop-top", "opop-top-bench", "opop-top-efficacy"]),
    ]
)
