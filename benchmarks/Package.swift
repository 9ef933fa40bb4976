// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The root package's identity is the name of the folder the repository was cloned into, so compute it.
let rootDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootPackage = rootDirectory.lastPathComponent

let package = Package(
    name: "capsim-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .executableTarget(
            name: "capsim-bench",
            dependencies: [
                .product(name: "CapSimCore", package: rootPackage),
                .product(name: "CapSimScenario", package: rootPackage),
            ]
        ),
        .executableTarget(
            name: "capsim-scale",
            dependencies: [
                .product(name: "CapSimCore", package: rootPackage)
            ]
        ),
        .executableTarget(
            name: "capsim-experiment",
            dependencies: [
                .product(name: "CapSimCore", package: rootPackage),
                .product(name: "CapSimScenario", package: rootPackage),
            ]
        ),
    ]
)
