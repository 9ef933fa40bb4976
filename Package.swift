// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "capsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capsim", targets: ["capsim"]),
        .library(name: "CapSimCore", targets: ["CapSimCore"]),
        .library(name: "CapSimScenario", targets: ["CapSimScenario"]),
        .library(name: "CapSimStore", targets: ["CapSimStore"]),
        .library(name: "CapSimReport", targets: ["CapSimReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // Tests only: property-based testing on Swift Testing.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "CapSimCore",
            dependencies: [.product(name: "Collections", package: "swift-collections")]
        ),
        .target(
            name: "CapSimScenario",
            dependencies: [
                "CapSimCore", .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        .target(
            name: "CapSimStore",
            dependencies: ["CapSimCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "CapSimReport",
            dependencies: ["CapSimCore", "CapSimStore"]
        ),
        .executableTarget(
            name: "capsim",
            dependencies: [
                "CapSimCore", "CapSimScenario", "CapSimStore", "CapSimReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures and helpers shared by the test targets (not a product; only tests depend on it).
        .target(
            name: "CapSimTestSupport",
            dependencies: ["CapSimCore", "CapSimStore"],
            path: "Tests/CapSimTestSupport"
        ),
        .testTarget(name: "CapSimCoreTests", dependencies: ["CapSimCore"]),
        .testTarget(
            name: "CapSimScenarioTests",
            dependencies: [
                "CapSimScenario", "CapSimCore", "CapSimTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "CapSimStoreTests",
            dependencies: [
                "CapSimStore", "CapSimCore", "CapSimTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CapSimReportTests", dependencies: ["CapSimReport", "CapSimStore", "CapSimCore", "CapSimTestSupport"]
        ),
        .testTarget(
            name: "CapSimCLITests", dependencies: ["capsim", "CapSimStore", "CapSimCore", "CapSimTestSupport"]
        ),
    ]
)
