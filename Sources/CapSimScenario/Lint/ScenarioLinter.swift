import CapSimCore
import Foundation
import Yams

/// Finds `ScenarioWarning`s in a scenario that passed validation: legal, but almost surely not what was meant.
///
/// It reads the YAML tree (for key paths and lines) beside the validated `SimulationInput` (for what the run
/// will do). Checks:
/// - a workload's `gpuModels` entry that no node pool has, or has only in another letter case (`a100` vs `A100`);
/// - a memory quantity under 1 MiB on a node pool or in a workload's requests (`memory: 128` is 128 bytes);
/// - a `cron:` schedule that starts no run before the end of the scenario;
/// - a workload whose pod, or whose gang of `minAvailable` pods, no empty cluster could hold (it will be
///   `unplaceable`);
/// - an inference service whose traffic peaks above what `replicas.max` replicas can serve
///   (`max × concurrencyPerReplica / serviceTime` requests per second): its latency is unbounded at the peak.
struct ScenarioLinter {
    /// Memory quantities below this many bytes are suspicious (1 MiB).
    static let smallestPlausibleMemoryBytes: Int64 = 1 << 20

    let file: String
    let root: Node
    let input: SimulationInput

    /// All warnings, in the order of the file's sections.
    func warnings() -> [ScenarioWarning] {
        var warnings: [ScenarioWarning] = []
        let pools = root["cluster"]?["nodePools"]?.sequence.map(Array.init) ?? []
        var models: [String] = []
        for (index, pool) in pools.enumerated() {
            if let model = pool["gpu"]?["model"]?.string, !models.contains(model) { models.append(model) }
            warnings += memoryWarning(pool["memory"], path: "cluster.nodePools[\(index)].memory")
        }
        let workloads = root["workloads"]?.sequence.map(Array.init) ?? []
        let neverPlaceable = Dictionary(
            Simulation.neverPlaceableWorkloads(input).map { ($0.workload, $0.reason) },
            uniquingKeysWith: { first, _ in first })
        for (index, workload) in workloads.enumerated() {
            let path = "workloads[\(index)]"
            warnings += modelWarnings(workload["gpuModels"], path: "\(path).gpuModels", poolModels: models)
            warnings += memoryWarning(workload["requests"]?["memory"], path: "\(path).requests.memory")
            if let inference = workload["inference"] {
                warnings += memoryWarning(inference["requests"]?["memory"], path: "\(path).inference.requests.memory")
            }
            for (step, node) in (workload["pipeline"]?["steps"]?.sequence.map(Array.init) ?? []).enumerated() {
                let stepPath = "\(path).pipeline.steps[\(step)]"
                warnings += modelWarnings(node["gpuModels"], path: "\(stepPath).gpuModels", poolModels: models)
                warnings += memoryWarning(node["requests"]?["memory"], path: "\(stepPath).requests.memory")
            }
            if let name = workload["name"]?.string {
                warnings += runWarnings(workload, name: name, path: path, neverPlaceable: neverPlaceable)
            }
        }
        return warnings
    }

    // MARK: - Checks

    private func warning(_ node: Node?, _ path: String, _ message: String) -> ScenarioWarning {
        ScenarioWarning(file: file, keyPath: path, line: node?.mark?.line, message: message)
    }

    private func modelWarnings(_ node: Node?, path: String, poolModels: [String]) -> [ScenarioWarning] {
        guard let entries = node?.sequence.map(Array.init), !poolModels.isEmpty || input.cluster.nodes.isEmpty
        else { return [] }
        var warnings: [ScenarioWarning] = []
        for (index, entry) in entries.enumerated() {
            guard let model = entry.string, !poolModels.contains(model) else { continue }
            let have = poolModels.map { "'\($0)'" }.joined(separator: ", ")
            if let match = poolModels.first(where: { $0.lowercased() == model.lowercased() }) {
                warnings.append(
                    warning(
                        entry, "\(path)[\(index)]",
                        "GPU model '\(model)' differs from the node pools' '\(match)' only in letter case; models "
                            + "match exactly, so no node has '\(model)' (write '\(match)')"))
            } else {
                warnings.append(
                    warning(
                        entry, "\(path)[\(index)]",
                        "no node pool has GPU model '\(model)' (the pools have \(have.isEmpty ? "no GPUs" : have))"))
            }
        }
        return warnings
    }

    private func memoryWarning(_ node: Node?, path: String) -> [ScenarioWarning] {
        guard let node, let text = node.string ?? node.scalar?.string,
            let bytes = try? Quantity.memoryBytes(text), bytes > 0, bytes < Self.smallestPlausibleMemoryBytes
        else { return [] }
        return [
            warning(
                node, path,
                "\(text) is \(bytes) bytes; a quantity without a suffix is bytes (did you mean \(text)Gi or \(text)Mi?)"
            )
        ]
    }

    /// Warnings that need the validated input: cron schedules, unplaceable workloads, overloaded services.
    private func runWarnings(
        _ workload: Node, name: String, path: String, neverPlaceable: [String: String]
    ) -> [ScenarioWarning] {
        var warnings: [ScenarioWarning] = []
        if let cron = workload["cron"], input.horizon != nil, !input.jobs.contains(where: { $0.workload == name }) {
            let schedule = cron["schedule"]?.string ?? cron.string ?? "the schedule"
            warnings.append(
                warning(
                    cron["schedule"] ?? cron, "\(path).cron.schedule",
                    "'\(schedule)' starts no run between startTime and the end of the scenario (duration), so "
                        + "workload '\(name)' never runs"))
        }
        if let reason = neverPlaceable[name] {
            warnings.append(
                warning(
                    workload["name"], "\(path)",
                    "workload '\(name)' can never be placed, even on an empty cluster: "
                        + "\(reason); its jobs will be unplaceable"))
        }
        if let service = input.services.first(where: { $0.name == name }), service.serviceTimeMilliseconds > 0 {
            let capacity =
                Double(service.maxReplicas * service.concurrencyPerReplica) * 1000
                / Double(service.serviceTimeMilliseconds)
            let peak = Self.peakRate(service.traffic)
            if peak >= capacity {
                warnings.append(
                    warning(
                        workload["inference"]?["traffic"], "\(path).inference.traffic",
                        "traffic peaks at \(Self.format(peak)) requests/s but \(service.maxReplicas) replicas serve "
                            + "at most \(Self.format(capacity)) requests/s (max × concurrencyPerReplica / "
                            + "serviceTime); latency will be unbounded at the peak (raise replicas.max)"))
            }
        }
        return warnings
    }

    /// The highest request rate a traffic profile reaches, requests per second.
    static func peakRate(_ traffic: InferenceTraffic) -> Double {
        switch traffic {
        case .constant(let rps): return max(0, rps)
        case .diurnal(let mean, let amplitude, _): return max(0, mean + abs(amplitude))
        case .steps(let points), .series(let points): return points.map(\.rps).max() ?? 0
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3g", value)
    }
}
