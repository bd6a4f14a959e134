// swift-tools-version:6.0
import PackageDescription

// A program outside the opop-top package that uses its library products, the way a
// user's own project would.
let package = Package(
    name: "custom-loop",
    dependencies: [
        // `name:` fixes the identity that the products below refer to, so the demo
        // builds whatever the checkout's folder is called.
        .package(name: "opop-top", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "custom-loop",
            dependencies: [
                .product(name: "OpOpBrain", package: "opop-top"),
                .product(name: "OpOpTrace", package: "opop-top"),
            ]
        ),
    ]
)
