import Foundation

/// Locations tests read: the package root, bundled scenarios and the shared traces.
public enum TestPaths {
    /// The package root (`Tests/CapSimTestSupport/../..`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A bundled scenario as an absolute path, e.g. `scenarios/quickstart.yaml`.
    ///
    /// - Parameter name: File name under `scenarios/`.
    /// - Returns: The absolute path.
    public static func scenario(_ name: String) -> String {
        packageRoot.appendingPathComponent("scenarios").appendingPathComponent(name).path
    }

    /// `CAPSIM_TRACES` when set, else `../shared/traces` next to the package.
    public static let traces: String =
        ProcessInfo.processInfo.environment["CAPSIM_TRACES"]
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/traces").path

    /// Whether the openb trace files are available.
    public static var hasOpenb: Bool {
        FileManager.default.fileExists(atPath: traces + "/openb/openb_node_list_gpu_node.csv")
    }
}
