import Foundation

/// Locations the scenario tests read: the package root, bundled scenarios and the shared traces.
enum TestPaths {
    /// The package root (`Tests/CapSimScenarioTests/../..`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A bundled scenario, e.g. `scenarios/quickstart.yaml`.
    static func scenario(_ name: String) -> String {
        packageRoot.appendingPathComponent("scenarios").appendingPathComponent(name).path
    }

    /// `CAPSIM_TRACES` when set, else `../shared/traces` next to the package.
    static let traces: String =
        ProcessInfo.processInfo.environment["CAPSIM_TRACES"]
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/traces").path

    /// Whether the openb trace files are available.
    static var hasOpenb: Bool {
        FileManager.default.fileExists(atPath: traces + "/openb/openb_node_list_gpu_node.csv")
    }
}
