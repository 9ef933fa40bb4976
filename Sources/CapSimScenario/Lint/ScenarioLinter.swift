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
/// - a workload, pipeline step or inference replica whose pod, or whose gang of `minAvailable` pods, no empty
///   cluster could hold (it will be `unplaceable`);
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
        var neverPlaceable: [String: [(job: String, reason: String)]] = [:]
        for entry in Simulation.neverPlaceableWorkloads(input) {
            neverPlaceable[entry.workload, default: []].append((entry.job, entry.reason))
        }
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
        let amount = "\(bytes) byte\(bytes == 1 ? "" : "s")"
        let advice =
            text.allSatisfy(\.isNumber)
            ? "\(text) is \(amount); a quantity without a suffix is bytes (did you mean \(text)Gi or \(text)Mi?)"
            : "\(text) is \(amount), under 1 MiB; memory is usually given in Mi or Gi"
        return [warning(node, path, advice)]
    }

    /// Warnings that need the validated input: cron schedules, unplaceable workloads, overloaded services.
    private func runWarnings(
        _ workload: Node, name: String, path: String, neverPlaceable: [String: [(job: String, reason: String)]]
    ) -> [ScenarioWarning] {
        var warnings: [ScenarioWarning] = []
        if let cron = workload["cron"], !input.jobs.contains(where: { $0.workload == name }) {
            let schedule = cron["schedule"]?.string ?? cron.string ?? "the schedule"
            let end = cron["until"] != nil ? "the cron's `until`" : "the end of the scenario (duration)"
            warnings.append(
                warning(
                    cron["schedule"] ?? cron, "\(path).cron.schedule",
                    "'\(schedule)' starts no run between startTime and \(end), so workload '\(name)' never runs"))
        }
        let isService = workload["inference"] != nil
        for (job, reason) in neverPlaceable[name] ?? [] {
            let subject =
                isService
                ? "a replica of inference service '\(name)'"
                : workload["pipeline"] != nil ? "pipeline step '\(job)' of workload '\(name)'" : "workload '\(name)'"
            let outcome = isService ? "the service will have no replicas" : "its jobs will be unplaceable"
            warnings.append(
                warning(
                    workload["name"], path,
                    "\(subject) can never be placed, even on an empty cluster: \(reason); \(outcome)"))
        }
        if let service = input.services.first(where: { $0.name == name }), service.serviceTimeMilliseconds > 0 {
            let capacity =
                Double(service.maxReplicas * service.concurrencyPerReplica) * 1000
                / Double(service.serviceTimeMilliseconds)
            let peak = Self.peakRate(service.traffic, before: input.horizon?.milliseconds)
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

    /// The highest request rate a traffic profile reaches before `end` (ms; `nil`: ever), requests per second.
    static func peakRate(_ traffic: InferenceTraffic, before end: Int64?) -> Double {
        switch traffic {
        case .constant(let rps): return max(0, rps)
        case .diurnal(let mean, let amplitude, _): return max(0, mean + abs(amplitude))
        case .steps(let points), .series(let points):
            // Steps hold from their time; a series is linear between points, so its maximum is at a point or at
            // the end of the run.
            guard let end else { return max(0, points.map(\.rps).max() ?? 0) }
            let peak = points.filter { $0.milliseconds < end }.map(\.rps).max() ?? 0
            return max(0, peak, traffic.rate(at: max(0, end - 1)))
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3g", value)
    }
}
