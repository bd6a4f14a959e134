// swift-tools-version:6.0
import PackageDescription

// A headless trainer outside the opop-top package that records its run with
// `RunRecorder`, the way a user's own training program would.
let package = Package(
    name: "swift-recorder",
    dependencies: [
        // `name:` fixes the identity that the products below refer to, so the demo
        // builds whatever the checkout's folder is called.
        .package(name: "opop-top", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "swift-recorder",
            dependencies: [
                .product(name: "OpOpBrain", package: "opop-top"),
                .product(name: "OpOpRecorder", package: "opop-top"),
                .product(name: "OpOpTrace", package: "opop-top"),
                .product(name: "OpOpWorkloads", package: "opop-top"),
            ]
        ),
    ]
)
