// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer harnesses over the scenario loader and the trace readers (issue #9). Build and run with
// `fuzz/run.sh SECONDS` (it passes `-sanitize=fuzzer,address -parse-as-library -use-ld=lld` to swiftc; ld.gold
// fails to link the sanitizer runtime here). Each harness's `<module>_main` hands over to `LLVMFuzzerRunDriver`.
//
// The root package's identity is the name of the folder the repository was cloned into, so compute it.
let rootDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootPackage = rootDirectory.lastPathComponent

let package = Package(
    name: "capsim-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .executableTarget(
            name: "capsim-fuzz-scenario",
            dependencies: [.product(name: "CapSimScenario", package: rootPackage)]
        ),
        .executableTarget(
            name: "capsim-fuzz-trace",
            dependencies: [.product(name: "CapSimScenario", package: rootPackage)]
        ),
    ]
)
